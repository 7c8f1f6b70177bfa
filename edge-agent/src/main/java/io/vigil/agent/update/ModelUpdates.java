package io.vigil.agent.update;

import io.vigil.inference.pkg.ModelPackageException;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.topic.DeviceAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's model updaters, one per scope (the device; or each fleet of a simulated scenario),
 * with one place to route downlink messages to them and to hear about their state changes. In fleet
 * mode a simulated vehicle that the cloud singles out with an announcement of its own (a canary)
 * gets an updater of its own, started when that announcement first arrives; its vehicle then
 * follows that updater, as a real device would, and the rest of the fleet the fleet's.
 */
public final class ModelUpdates implements AutoCloseable {

  /** Told about every change of a scope's update state. */
  public interface Listener {
    void changed(ModelUpdater scope, DeviceStatus.ModelUpdate update);
  }

  private final List<ModelUpdater> updaters = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.Queue<ModelUpdater> unadopted =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final ModelInstaller installer;
  private final Path stateDir;
  private final Clock clock;
  private final Duration retryEvery;
  private volatile Listener listener = (u, update) -> {};

  private ModelUpdates(ModelInstaller installer, Path stateDir, Clock clock, Duration retryEvery) {
    this.installer = installer;
    this.stateDir = stateDir;
    this.clock = clock;
    this.retryEvery = retryEvery;
  }

  /** Starts an updater per scope, each with its model as the last run left it. */
  public static ModelUpdates start(
      List<ModelUpdater.Scope> scopes,
      ModelInstaller installer,
      Path stateDir,
      Clock clock,
      Duration retryEvery)
      throws ModelPackageException {
    ModelUpdates all = new ModelUpdates(installer, stateDir, clock, retryEvery);
    try {
      for (ModelUpdater.Scope scope : scopes) {
        all.updaters.add(all.startScope(scope, UpdateRecord.initial()));
      }
    } catch (ModelPackageException | RuntimeException e) {
      all.close();
      throw e;
    }
    return all;
  }

  private ModelUpdater startScope(ModelUpdater.Scope scope, UpdateRecord inherited)
      throws ModelPackageException {
    ModelUpdater[] self = new ModelUpdater[1];
    self[0] =
        ModelUpdater.start(
            scope,
            installer,
            stateDir,
            clock,
            retryEvery,
            update -> listener.changed(self[0], update),
            inherited);
    return self[0];
  }

  /**
   * The updater of one simulated vehicle of a fleet, started if it has none yet (fleet mode, when
   * the vehicle's own announcement arrives) and connected through {@code client}. Its vehicle takes
   * its models from the next {@link #takeUnadopted()}.
   */
  public synchronized ModelUpdater startVehicle(
      DeviceAddress vehicle, ReconnectingMqttClient client) throws ModelPackageException {
    Optional<ModelUpdater> own = own(vehicle);
    if (own.isPresent()) {
      return own.get();
    }
    // It starts where its fleet stands: the fleet's active and previous models, no shadow.
    UpdateRecord fleet =
        forFleet(vehicle.fleetId()).map(ModelUpdater::record).orElse(UpdateRecord.initial());
    UpdateRecord inherited =
        new UpdateRecord(fleet.active(), fleet.previous(), null, null, fleet.blocked());
    ModelUpdater u =
        startScope(
            new ModelUpdater.Scope(vehicle.fleetId(), Optional.of(vehicle.vehicleId())), inherited);
    updaters.add(u);
    unadopted.add(u);
    if (client != null) {
      u.connected(client);
    }
    return u;
  }

  /** Updaters started since the last call, whose vehicles still run their fleet's models. */
  public List<ModelUpdater> takeUnadopted() {
    List<ModelUpdater> out = new ArrayList<>();
    for (ModelUpdater u; (u = unadopted.poll()) != null; ) {
      out.add(u);
    }
    return out;
  }

  /** Sets who hears about state changes (the runtime, once it can publish statuses). */
  public void onChange(Listener l) {
    this.listener = l;
  }

  public List<ModelUpdater> all() {
    return List.copyOf(updaters);
  }

  /**
   * The updater whose models {@code vehicle} runs: its own (the device's, or a singled-out
   * simulated vehicle's), else its fleet's.
   */
  public Optional<ModelUpdater> forVehicle(DeviceAddress vehicle) {
    Optional<ModelUpdater> own = own(vehicle);
    return own.isPresent() ? own : forFleet(vehicle.fleetId());
  }

  /**
   * The updater of a whole fleet (fleet mode), or of the one device of that fleet (device mode).
   */
  public Optional<ModelUpdater> forFleet(String fleetId) {
    return updaters.stream()
        .filter(u -> u.scope().fleetId().equals(fleetId))
        .min(java.util.Comparator.comparing(u -> u.scope().vehicleId().isPresent()));
  }

  private Optional<ModelUpdater> own(DeviceAddress vehicle) {
    return updaters.stream()
        .filter(u -> u.scope().fleetId().equals(vehicle.fleetId()))
        .filter(u -> u.scope().vehicleId().equals(Optional.of(vehicle.vehicleId())))
        .findFirst();
  }

  /** Hands a downlink message to the updater that listens to its topic; false if none does. */
  public boolean receive(String topic, byte[] payload) {
    boolean handled = false;
    for (ModelUpdater u : updaters) {
      if (u.handles(topic)) {
        u.receive(topic, payload);
        handled = true;
      }
    }
    return handled;
  }

  /** After every (re)connection; see {@link ModelUpdater#connected}. */
  public void connected(ReconnectingMqttClient client) {
    for (ModelUpdater u : updaters) {
      u.connected(client);
    }
  }

  @Override
  public void close() {
    for (ModelUpdater u : updaters) {
      u.close();
    }
  }
}
