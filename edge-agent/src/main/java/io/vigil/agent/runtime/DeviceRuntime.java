package io.vigil.agent.runtime;

import io.vigil.agent.calibrate.CalibrationStore;
import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.config.ConfigException;
import io.vigil.agent.detect.BatchScorer;
import io.vigil.agent.detect.VehicleIdentity;
import io.vigil.agent.input.MqttSampleInput;
import io.vigil.agent.outbox.Outbox;
import io.vigil.agent.publish.OutboxPublisher;
import io.vigil.agent.update.ModelSet;
import io.vigil.agent.update.ModelUpdater;
import io.vigil.agent.update.ModelUpdates;
import io.vigil.mqtt.InboundMessage;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.SampleBatch;
import io.vigil.protocol.json.InvalidMessageException;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device mode: one vehicle on its own board. Its sensor's sample batches arrive on the vehicle's
 * MQTT samples topic; the agent connects with the vehicle's own credentials (client id {@code
 * fleet.vehicle}), leaves an offline status as its MQTT will, and detects, buffers and publishes
 * like fleet mode. The calibration is saved every telemetry interval and at stop.
 */
final class DeviceRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceRuntime.class);

  private final AgentConfig config;
  private final Clock clock;
  private final ModelUpdates models;
  private final ModelUpdater updater;
  private final Outbox outbox;
  private final AgentMetrics metrics;
  private final CalibrationStore calibrations;
  private volatile boolean stopped;

  DeviceRuntime(
      AgentConfig config,
      Clock clock,
      ModelUpdates models,
      Outbox outbox,
      AgentMetrics metrics,
      CalibrationStore calibrations) {
    this.config = config;
    this.clock = clock;
    this.models = models;
    this.updater = models.all().get(0);
    this.outbox = outbox;
    this.metrics = metrics;
    this.calibrations = calibrations;
  }

  void stop() {
    stopped = true;
  }

  FleetRuntime.Report run(Duration shutdownGrace) throws Exception {
    VehicleIdentity id =
        new VehicleIdentity(
            config.get(AgentConfig.FLEET),
            config.get(AgentConfig.VEHICLE),
            config.get(AgentConfig.DRIVER));
    DeviceAddress address = new DeviceAddress(id.fleetId(), id.vehicleId());
    ProtocolCodec codec = new ProtocolCodec(clock);
    MqttSampleInput input = new MqttSampleInput(64);
    AtomicReference<VehicleAgent> agent = new AtomicReference<>();
    AtomicLong invalid = new AtomicLong();
    AtomicReference<OutboxPublisher> publisherRef = new AtomicReference<>();
    Runnable statusNow =
        () -> {
          OutboxPublisher p = publisherRef.get();
          ReconnectingMqttClient c = p == null ? null : p.client();
          if (c != null && c.isConnected()) {
            publishStatus(c, address, agent.get(), codec, DeviceStatus.State.ONLINE);
          }
        };
    models.onChange(
        (u, update) -> {
          metrics.modelUpdate(update.state());
          statusNow.run();
        });
    CommandHandler commands =
        new CommandHandler(
            codec,
            models,
            address::equals,
            a -> statusNow.run(),
            (a, request) -> {
              VehicleAgent running = agent.get();
              if (running != null) {
                running.requestSamples(request);
              } else {
                LOG.warn("{}: upload_samples arrived before the first trip; ignored", a);
              }
            });
    OutboxPublisher publisher =
        new OutboxPublisher(
                outbox,
                settings(address, codec),
                m -> {
                  if (m.topic().equals(Topics.samples(address))) {
                    receive(m, address, codec, input, invalid);
                  } else if (!models.receive(m.topic(), m.payload())) {
                    commands.receive(m.topic(), m.payload());
                  }
                })
            .onConnect(
                c -> {
                  AgentRuntime.subscribe(c, Topics.samples(address));
                  AgentRuntime.subscribe(c, Topics.command(address));
                  models.connected(c);
                  publishStatus(c, address, agent.get(), codec, DeviceStatus.State.ONLINE);
                });
    publisherRef.set(publisher);
    metrics.watch(outbox, publisher);
    publisher.start();
    BatchScorer scorer = new BatchScorer(config.get(AgentConfig.MAX_BATCH));
    List<VehicleAgent> running = new java.util.ArrayList<>(1);
    long start = System.nanoTime();
    Duration runFor = config.get(AgentConfig.RUN_FOR);
    long[] totals = new long[2]; // windows, events
    long nextSave = System.nanoTime() + config.get(AgentConfig.TELEMETRY_INTERVAL).toNanos();
    try {
      while (!stopped && (runFor.isZero() || System.nanoTime() - start < runFor.toNanos())) {
        AgentRuntime.adoptNewModels(models, running);
        VehicleAgent a = agent.get();
        if (a == null) {
          Optional<Long> first = input.firstSampleNs();
          if (first.isEmpty()) {
            Thread.sleep(50);
            continue;
          }
          ModelSet set = updater.current();
          a =
              VehicleAgent.of(
                  id,
                  set.active(),
                  calibrations,
                  clock,
                  clock.instant().minusNanos(first.get()),
                  config.get(AgentConfig.TELEMETRY_INTERVAL));
          a.detector().useModels(set.active(), set.shadow());
          agent.set(a);
          running.add(a);
        }
        if (!input.next(a, Duration.ofMillis(200))) {
          continue;
        }
        long before = scorer.windowsScored();
        long t0 = System.nanoTime();
        scorer.scoreAll(List.of(a.detector()));
        metrics.batch(System.nanoTime() - t0, (int) (scorer.windowsScored() - before));
        totals[0] = scorer.windowsScored();
        totals[1] += a.flush(outbox, codec, metrics);
        publisher.wakeUp();
        if (System.nanoTime() >= nextSave) {
          nextSave += config.get(AgentConfig.TELEMETRY_INTERVAL).toNanos();
          calibrations.save(id.fleetId(), id.vehicleId(), a.detector().calibration());
        }
      }
    } finally {
      VehicleAgent a = agent.get();
      if (a != null) {
        totals[1] += a.finish(outbox, codec, metrics);
        calibrations.save(id.fleetId(), id.vehicleId(), a.detector().calibration());
      }
      AgentRuntime.awaitDelivery(publisher, shutdownGrace);
      ReconnectingMqttClient c = publisher.client();
      if (c != null && c.isConnected()) {
        publishStatus(c, address, a, codec, DeviceStatus.State.OFFLINE);
      }
      publisher.close(shutdownGrace);
    }
    if (invalid.get() > 0) {
      LOG.warn("{} sample batches were invalid and skipped", invalid.get());
    }
    return new FleetRuntime.Report(
        1,
        (System.nanoTime() - start) / 1e9,
        input.samples() / 50.0,
        input.samples(),
        totals[0],
        totals[1],
        0,
        0);
  }

  private static void receive(
      InboundMessage m,
      DeviceAddress address,
      ProtocolCodec codec,
      MqttSampleInput input,
      AtomicLong invalid) {
    try {
      SampleBatch batch = codec.decode(m.payload(), SampleBatch.class);
      if (!batch.vehicleId().equals(address.vehicleId())
          || !batch.fleetId().equals(address.fleetId())) {
        throw new InvalidMessageException(
            "vehicleId", InvalidMessageException.Problem.BAD_FORMAT, "not this vehicle's samples");
      }
      input.offer(batch);
    } catch (InvalidMessageException e) {
      if (invalid.incrementAndGet() % 100 == 1) {
        LOG.warn("invalid sample batch on {}: {}", m.topic(), e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private MqttClientSettings settings(DeviceAddress address, ProtocolCodec codec)
      throws ConfigException {
    DeviceStatus will =
        VehicleAgent.status(
            address,
            DeviceStatus.State.OFFLINE,
            Optional.of("connection lost"),
            clock.instant(),
            updater.activeVersion(),
            Optional.of(updater.update()),
            Optional.empty());
    return config
        .mqtt(address.clientId())
        .withWill(new MqttClientSettings.Will(Topics.status(address), codec.encode(will), 1, true));
  }

  private void publishStatus(
      ReconnectingMqttClient client,
      DeviceAddress address,
      VehicleAgent agent,
      ProtocolCodec codec,
      DeviceStatus.State state) {
    Optional<DeviceStatus.ModelUpdate> update = Optional.of(updater.update());
    DeviceStatus status =
        agent != null
            ? agent.status(state, clock.instant(), updater.activeVersion(), update)
            : VehicleAgent.status(
                address,
                state,
                Optional.empty(),
                clock.instant(),
                updater.activeVersion(),
                update,
                Optional.of(calibrations.load(address.fleetId(), address.vehicleId()).status()));
    client.publish(Topics.status(address), codec.encode(status), 1, true);
  }
}
