package io.vigil.agent.runtime;

import io.vigil.agent.calibrate.CalibrationStore;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigException;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.outbox.Outbox;
import io.vigil.agent.outbox.OutboxSettings;
import io.vigil.agent.publish.OutboxPublisher;
import io.vigil.agent.update.ModelInstaller;
import io.vigil.agent.update.ModelSet;
import io.vigil.agent.update.ModelUpdater;
import io.vigil.agent.update.ModelUpdates;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.Pacer;
import io.vigil.simulator.scenario.ScenarioFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent, wired from its configuration: the verified and self-tested models with their
 * over-the-air updaters (one per device, or per fleet of a simulated scenario), the disk outbox,
 * the MQTT publisher with retained status per vehicle and the cloud's commands, the metrics
 * endpoint, and the vehicles of the configured input. {@link #run} returns when the input ends, the
 * configured run time passes or {@link #stop()} is called; everything detected by then is in the
 * outbox, and delivered if the broker is reachable within the shutdown grace period.
 */
public final class AgentRuntime {

  /** Version reported in status messages. */
  public static final String AGENT_VERSION = "0.1.0";

  private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private final AgentConfig config;
  private final Clock clock;
  private final PrintStream progress;
  private final Pacer pacer;
  private volatile FleetRuntime fleet;
  private volatile DeviceRuntime device;

  public AgentRuntime(AgentConfig config, Clock clock, PrintStream progress) {
    this(config, clock, progress, Pacer.SYSTEM);
  }

  /**
   * @param pacer paces fleet mode in real time (tests and harnesses pass a {@link
   *     io.vigil.simulator.scenario.SimulatedPacer} to drive simulated hours in seconds)
   */
  public AgentRuntime(AgentConfig config, Clock clock, PrintStream progress, Pacer pacer) {
    this.config = config;
    this.clock = clock;
    this.progress = progress;
    this.pacer = pacer;
  }

  public void stop() {
    FleetRuntime f = fleet;
    if (f != null) {
      f.stop();
    }
    DeviceRuntime d = device;
    if (d != null) {
      d.stop();
    }
  }

  /** Runs the configured input until it ends, {@code agent.run-for} passes or {@link #stop()}. */
  public FleetRuntime.Report run() throws Exception {
    Path data = config.get(AgentConfig.DATA_DIR);
    boolean deviceMode = config.get(AgentConfig.INPUT) == AgentConfig.Input.DEVICE;
    List<FleetPlan.Vehicle> plan = deviceMode ? List.of() : plan();
    List<ModelUpdater.Scope> scopes =
        deviceMode
            ? List.of(
                new ModelUpdater.Scope(
                    config.get(AgentConfig.FLEET), Optional.of(config.get(AgentConfig.VEHICLE))))
            : plan.stream()
                .map(FleetPlan.Vehicle::fleetId)
                .distinct()
                .map(f -> new ModelUpdater.Scope(f, Optional.empty()))
                .toList();
    ModelInstaller installer =
        new ModelInstaller(
            data.resolve("models").resolve("packages"),
            Ed25519Pem.readPublic(config.get(AgentConfig.MODEL_PUBLIC_KEY)),
            config.get(AgentConfig.MODEL_PACKAGE),
            config.get(AgentConfig.MODEL_MAX_PACKAGE));
    CalibrationStore calibrations = new CalibrationStore(data.resolve("calibration"));
    try (ModelUpdates models =
            ModelUpdates.start(
                scopes,
                installer,
                data.resolve("models").resolve("state"),
                clock,
                config.get(AgentConfig.MODEL_RETRY_INTERVAL));
        AgentMetrics metrics = new AgentMetrics();
        Outbox outbox = Outbox.open(outboxSettings(data.resolve("outbox")), clock)) {
      for (ModelUpdater u : models.all()) {
        DetectionModel model = u.current().active();
        progress.printf(
            "%s: model %s %s loaded, golden self-test passed (first inference %d ms after JVM"
                + " start)%n",
            u.scope(),
            model.manifest().name(),
            model.version(),
            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
      }
      int port = config.get(AgentConfig.METRICS_PORT);
      if (port > 0) {
        progress.printf("metrics on http://127.0.0.1:%d/metrics%n", metrics.serve(port));
      }
      FleetRuntime.Report report;
      if (deviceMode) {
        progress.printf(
            "device mode: %s.%s, samples from %s%n",
            config.get(AgentConfig.FLEET),
            config.get(AgentConfig.VEHICLE),
            config.get(AgentConfig.MQTT_SERVER));
        device = new DeviceRuntime(config, clock, models, outbox, metrics, calibrations);
        report = device.run(SHUTDOWN_GRACE);
      } else {
        report = runFleet(plan, models, outbox, metrics, calibrations);
      }
      Outbox.Stats s = outbox.stats();
      progress.printf(
          "%d vehicles, %.0f s of driving in %.1f s: %,d samples, %,d windows, %d events;"
              + " outbox: %d events and %d telemetry not yet delivered, %d dropped%n",
          report.vehicles(),
          report.simulatedSeconds(),
          report.seconds(),
          report.samples(),
          report.windows(),
          report.events(),
          s.pendingEvents(),
          s.pendingTelemetry(),
          s.droppedEvents() + s.droppedTelemetry());
      return report;
    }
  }

  private List<FleetPlan.Vehicle> plan() throws IOException {
    Path scenario = config.get(AgentConfig.SCENARIO);
    if (!Files.isRegularFile(scenario)) {
      throw new IOException("agent.scenario: " + scenario + " does not exist");
    }
    List<FleetPlan.Vehicle> plan = FleetPlan.of(ScenarioFile.read(scenario));
    progress.printf("fleet mode: %d vehicles from %s%n", plan.size(), scenario);
    return plan;
  }

  private FleetRuntime.Report runFleet(
      List<FleetPlan.Vehicle> plan,
      ModelUpdates models,
      Outbox outbox,
      AgentMetrics metrics,
      CalibrationStore calibrations)
      throws Exception {
    ProtocolCodec codec = new ProtocolCodec(clock);
    List<VehicleAgent> agents =
        VehicleAgent.forPlan(
            plan,
            fleet -> models.forFleet(fleet).orElseThrow().current().active(),
            calibrations,
            clock,
            config.get(AgentConfig.TELEMETRY_INTERVAL));
    Map<DeviceAddress, VehicleAgent> byAddress = new HashMap<>();
    agents.forEach(a -> byAddress.put(a.address(), a));
    AtomicReference<OutboxPublisher> publisherRef = new AtomicReference<>();
    Consumer<VehicleAgent> publishStatus =
        a -> {
          OutboxPublisher p = publisherRef.get();
          ReconnectingMqttClient c = p == null ? null : p.client();
          if (c != null && c.isConnected()) {
            publishStatus(c, List.of(a), codec, DeviceStatus.State.ONLINE, models);
          }
        };
    models.onChange(
        (updater, update) -> {
          metrics.modelUpdate(update.state());
          agents.stream()
              .filter(a -> models.forVehicle(a.address()).orElse(null) == updater)
              .forEach(publishStatus);
        });
    // Starting a vehicle's own updater loads and self-tests a model and subscribes: never on the
    // MQTT callback thread, which must not block on the broker.
    java.util.concurrent.ExecutorService singling =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "vehicle-updaters");
              t.setDaemon(true);
              return t;
            });
    CommandHandler commands =
        new CommandHandler(
            codec,
            models,
            byAddress::containsKey,
            address -> publishStatus.accept(byAddress.get(address)),
            (address, request) -> byAddress.get(address).requestSamples(request));
    OutboxPublisher publisher =
        new OutboxPublisher(
                outbox,
                mqttSettings(plan),
                m -> {
                  if (!models.receive(m.topic(), m.payload())
                      && !singledOut(
                          m.topic(), m.payload(), byAddress, models, publisherRef, singling)) {
                    commands.receive(m.topic(), m.payload());
                  }
                })
            .onConnect(
                c -> {
                  models.connected(c);
                  for (ModelUpdater u : models.all()) {
                    subscribe(c, Topics.fleetVehicles(u.scope().fleetId(), Channel.CMD));
                    // A vehicle's own announcement (a canary) gives it an updater of its own.
                    subscribe(c, Topics.fleetVehicles(u.scope().fleetId(), Channel.MODEL));
                  }
                  publishStatus(c, agents, codec, DeviceStatus.State.ONLINE, models);
                });
    publisherRef.set(publisher);
    metrics.watch(outbox, publisher);
    publisher.start();
    fleet =
        new FleetRuntime(
            outbox,
            metrics,
            config.get(AgentConfig.MAX_BATCH),
            Runtime.getRuntime().availableProcessors(),
            clock,
            () -> adoptNewModels(models, agents),
            publisher::wakeUp);
    try {
      return fleet.run(
          plan, agents, config.get(AgentConfig.REALTIME), config.get(AgentConfig.RUN_FOR), pacer);
    } finally {
      for (VehicleAgent a : agents) {
        calibrations.save(
            a.address().fleetId(), a.address().vehicleId(), a.detector().calibration());
      }
      awaitDelivery(publisher, SHUTDOWN_GRACE);
      ReconnectingMqttClient c = publisher.client();
      if (c != null && c.isConnected()) {
        publishStatus(c, agents, codec, DeviceStatus.State.OFFLINE, models);
      }
      publisher.close(SHUTDOWN_GRACE);
      singling.shutdownNow();
    }
  }

  /**
   * Swaps models published by the updaters into their vehicles' detectors; called between ticks
   * (fleet mode) or between sample batches (device mode), when no window is pending.
   */
  static void adoptNewModels(ModelUpdates models, List<VehicleAgent> agents) {
    for (ModelUpdater u : models.takeUnadopted()) {
      use(u, u.current(), models, agents);
    }
    for (ModelUpdater u : models.all()) {
      ModelSet set = u.adopt();
      if (set != null) {
        use(u, set, models, agents);
      }
    }
  }

  /** The vehicles that follow {@code u} run {@code set} from now on. */
  private static void use(
      ModelUpdater u, ModelSet set, ModelUpdates models, List<VehicleAgent> agents) {
    int vehicles = 0;
    for (VehicleAgent a : agents) {
      if (models.forVehicle(a.address()).orElse(null) == u) {
        a.detector().useModels(set.active(), set.shadow());
        vehicles++;
      }
    }
    LOG.info(
        "{}: {} vehicles now run model {}{}",
        u.scope(),
        vehicles,
        set.active().version(),
        set.shadow().map(s -> " with " + s.version() + " in shadow").orElse(""));
  }

  /**
   * Fleet mode: an announcement on the topic of one of our vehicles that has no updater of its own
   * starts one (it subscribes and takes the announcement itself); false for anything else.
   */
  private static boolean singledOut(
      String topic,
      byte[] payload,
      Map<DeviceAddress, VehicleAgent> ours,
      ModelUpdates models,
      AtomicReference<OutboxPublisher> publisher,
      java.util.concurrent.Executor singling) {
    Optional<DeviceAddress> vehicle =
        Topics.parse(topic)
            .filter(t -> t.channel() == Channel.MODEL)
            .flatMap(io.vigil.protocol.topic.ParsedTopic::device)
            .filter(ours::containsKey);
    if (vehicle.isEmpty()) {
      return false;
    }
    if (payload.length > 0) {
      singling.execute(
          () -> {
            try {
              OutboxPublisher p = publisher.get();
              ModelUpdater u = models.startVehicle(vehicle.get(), p == null ? null : p.client());
              u.receive(topic, payload);
              LOG.info(
                  "{}: singled out by its own model announcement; it follows it now",
                  vehicle.get());
            } catch (io.vigil.inference.pkg.ModelPackageException | RuntimeException e) {
              LOG.warn("{}: cannot start its own model updater: {}", vehicle.get(), e.getMessage());
            }
          });
    }
    return true;
  }

  static void subscribe(ReconnectingMqttClient c, String filter) {
    try {
      c.subscribe(filter, 1);
    } catch (MqttClientException e) {
      LOG.warn("cannot subscribe to {}: {}", filter, e.getMessage());
    }
  }

  /** Waits up to {@code grace} for the outbox to go out (see {@link OutboxPublisher#drain}). */
  static void awaitDelivery(OutboxPublisher publisher, Duration grace) throws InterruptedException {
    if (!publisher.drain(grace)) {
      LOG.info("stopping with undelivered messages in the outbox; they go out on the next start");
    }
  }

  private void publishStatus(
      ReconnectingMqttClient client,
      List<VehicleAgent> agents,
      ProtocolCodec codec,
      DeviceStatus.State state,
      ModelUpdates models) {
    for (VehicleAgent a : agents) {
      ModelUpdater u = models.forVehicle(a.address()).orElseThrow();
      DeviceStatus status =
          a.status(state, clock.instant(), u.activeVersion(), Optional.of(u.update()));
      client.publish(Topics.status(a.address()), codec.encode(status), 1, true);
    }
  }

  private OutboxSettings outboxSettings(Path dir) {
    return new OutboxSettings(
        dir,
        config.get(AgentConfig.OUTBOX_CAP),
        config.get(AgentConfig.OUTBOX_SEGMENT),
        256 << 10,
        config.get(AgentConfig.OUTBOX_FSYNC),
        config.get(AgentConfig.OUTBOX_FSYNC_INTERVAL));
  }

  private MqttClientSettings mqttSettings(List<FleetPlan.Vehicle> plan) throws ConfigException {
    // Fleet mode speaks for many vehicles over one connection: it needs a service identity.
    return config.mqtt("vigil-agent-" + plan.get(0).fleetId());
  }
}
