package io.vigil.agent.update;

import io.vigil.inference.pkg.ModelPackageException;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.DeviceStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's model updaters, one per scope (the device; or each fleet of a simulated scenario),
 * with one place to route downlink messages to them and to hear about their state changes.
 */
public final class ModelUpdates implements AutoCloseable {

  /** Told about every change of a scope's update state. */
  public interface Listener {
    void changed(ModelUpdater scope, DeviceStatus.ModelUpdate update);
  }

  private final List<ModelUpdater> updaters = new ArrayList<>();
  private volatile Listener listener = (u, update) -> {};

  private ModelUpdates() {}

  /** Starts an updater per scope, each with its model as the last run left it. */
  public static ModelUpdates start(
      List<ModelUpdater.Scope> scopes,
      ModelInstaller installer,
      Path stateDir,
      Clock clock,
      Duration retryEvery)
      throws ModelPackageException {
    ModelUpdates all = new ModelUpdates();
    try {
      for (ModelUpdater.Scope scope : scopes) {
        ModelUpdater[] self = new ModelUpdater[1];
        self[0] =
            ModelUpdater.start(
                scope,
                installer,
                stateDir,
                clock,
                retryEvery,
                update -> all.listener.changed(self[0], update));
        all.updaters.add(self[0]);
      }
    } catch (ModelPackageException | RuntimeException e) {
      all.close();
      throw e;
    }
    return all;
  }

  /** Sets who hears about state changes (the runtime, once it can publish statuses). */
  public void onChange(Listener l) {
    this.listener = l;
  }

  public List<ModelUpdater> all() {
    return List.copyOf(updaters);
  }

  /** The updater whose scope covers {@code fleetId}. */
  public Optional<ModelUpdater> forFleet(String fleetId) {
    return updaters.stream().filter(u -> u.scope().fleetId().equals(fleetId)).findFirst();
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
