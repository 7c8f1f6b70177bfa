package io.vigil.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.input.MqttSampleInput;
import io.vigil.agent.input.SampleListener;
import io.vigil.agent.input.SensorInput;
import io.vigil.agent.input.SimulatorInput;
import io.vigil.agent.replay.Replay;
import io.vigil.agent.testing.AgentTestKit;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.PackageRelease;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.ModelManifest;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.SampleBatch;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.scenario.FleetPlan;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device mode against a real broker: a vehicle's sensor publishes sample batches on its samples
 * topic, the agent (with the vehicle's own credentials) detects on them and publishes the same
 * events an offline replay of those samples finds, and its status goes online, then offline.
 * Halfway through, a model update reaches the vehicle over MQTT and is swapped in between windows.
 */
class DeviceModeIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  @TempDir Path dir;

  @Test
  void aBoardDetectsOnItsSensorsSamplesAndPublishesTheEvents() throws Exception {
    FleetPlan.Vehicle v = AgentTestKit.testPlan().get(2);
    DeviceAddress address = new DeviceAddress(v.fleetId(), v.vehicleId());
    List<SampleBatch> batches = batches(v, address);
    List<SafetyEvent> expected;
    Path pkgDir = AgentTestKit.SHIPPED;
    try (DetectionModel model = AgentTestKit.shippedModel()) {
      expected = Replay.run(replayOf(batches, v), model);
    }

    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    List<SafetyEvent> events = new CopyOnWriteArrayList<>();
    List<DeviceStatus.State> states = new CopyOnWriteArrayList<>();
    List<DeviceStatus.ModelUpdate> updates = new CopyOnWriteArrayList<>();
    try (ReconnectingMqttClient cloud =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(MQTT.serverUri(), "cloud-and-sensor")
                .withCredentials(MqttBrokerExtension.SERVICE_USER, MQTT.servicePassword()),
            m -> {
              try {
                if (m.topic().endsWith("/events")) {
                  events.add(codec.decode(m.payload(), SafetyEvent.class));
                } else if (m.topic().endsWith("/status")) {
                  DeviceStatus s = codec.decode(m.payload(), DeviceStatus.class);
                  states.add(s.state());
                  s.modelUpdate().ifPresent(updates::add);
                }
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            })) {
      cloud.subscribe(Topics.events(address), 1);
      cloud.subscribe(Topics.status(address), 1);
      AgentConfig config =
          AgentConfig.load(
              Optional.empty(),
              Map.of("VIGIL_AGENT_MQTT_PASSWORD", MQTT.issueDevice(address)),
              Map.of(
                  "agent.input", "device",
                  "agent.fleet", v.fleetId(),
                  "agent.vehicle", v.vehicleId(),
                  "agent.driver", v.driverId(),
                  "agent.data-dir", dir.toString(),
                  "model.package", pkgDir.toString(),
                  "model.public-key", pkgDir.resolve("publisher.pub.pem").toString(),
                  "mqtt.server", MQTT.serverUri(),
                  "metrics.port", "0"));
      AgentRuntime agent = new AgentRuntime(config, Clock.systemUTC(), new PrintStream(System.out));
      Future<FleetRuntime.Report> running = Executors.newSingleThreadExecutor().submit(agent::run);
      AgentTestKit.await(
          () -> states.contains(DeviceStatus.State.ONLINE),
          Duration.ofSeconds(60),
          "the agent's birth status");
      int half = batches.size() / 2;
      for (SampleBatch b : batches.subList(0, half)) {
        cloud.publish(Topics.samples(address), codec.encode(b), 1, false).get();
      }
      // Halfway, the vehicle alone (a canary override) gets the model as a package over MQTT.
      PackageRelease release =
          PackageRelease.of(
              pkgDir,
              Ed25519Pem.readPublic(pkgDir.resolve("publisher.pub.pem")),
              ModelManifest.Mode.ACTIVE);
      cloud
          .publish(
              Topics.modelPackage(address.fleetId(), release.announcement().sha256()),
              release.archive(),
              1,
              true)
          .get();
      cloud
          .publish(Topics.vehicleModel(address), codec.encode(release.announcement()), 1, true)
          .get();
      AgentTestKit.await(
          () -> updates.stream().anyMatch(u -> u.state() == DeviceStatus.UpdateState.ACTIVE),
          Duration.ofSeconds(60),
          "the update's activation");
      for (SampleBatch b : batches.subList(half, batches.size())) {
        cloud.publish(Topics.samples(address), codec.encode(b), 1, false).get();
      }
      AgentTestKit.await(
          () -> events.size() >= expected.size() - 1, Duration.ofSeconds(60), "the events");
      Thread.sleep(2_000); // the last window's scores
      agent.stop();
      FleetRuntime.Report report = running.get();
      AgentTestKit.await(
          () -> events.size() >= expected.size(), Duration.ofSeconds(60), "the last events");
      AgentTestKit.await(
          () -> states.get(states.size() - 1) == DeviceStatus.State.OFFLINE,
          Duration.ofSeconds(60),
          "offline status");
      assertThat(report.samples()).isEqualTo(batches.stream().mapToLong(SampleBatch::size).sum());
      cloud.publish(Topics.vehicleModel(address), new byte[0], 1, true).get();
    }
    assertThat(updates)
        .extracting(DeviceStatus.ModelUpdate::state)
        .containsSubsequence(
            DeviceStatus.UpdateState.DOWNLOADING,
            DeviceStatus.UpdateState.VERIFIED,
            DeviceStatus.UpdateState.ACTIVE);
    // The swap mid-drive lost no window: the events are exactly the offline replay's.
    assertThat(expected).hasSizeGreaterThan(10);
    assertThat(events)
        .extracting(SafetyEvent::type)
        .containsExactlyElementsOf(expected.stream().map(SafetyEvent::type).toList());
    assertThat(events)
        .extracting(SafetyEvent::durationMs)
        .containsExactlyElementsOf(expected.stream().map(SafetyEvent::durationMs).toList());
  }

  /** The vehicle's samples as its sensor would publish them: one batch per second. */
  private static List<SampleBatch> batches(FleetPlan.Vehicle v, DeviceAddress address) {
    List<SampleBatch> out = new ArrayList<>();
    int per = 50;
    long[] t = new long[per];
    double[][] a = new double[6][per];
    List<SampleBatch.GpsFix> gps = new ArrayList<>();
    int[] n = {0};
    new SimulatorInput(v)
        .run(
            new SampleListener() {
              @Override
              public void imu(
                  long tNs, double ax, double ay, double az, double gx, double gy, double gz) {
                t[n[0]] = tNs;
                double[] values = {ax, ay, az, gx, gy, gz};
                for (int i = 0; i < 6; i++) {
                  a[i][n[0]] = values[i];
                }
                if (++n[0] == per) {
                  out.add(
                      new SampleBatch(
                          address.fleetId(),
                          address.vehicleId(),
                          50,
                          t.clone(),
                          a[0].clone(),
                          a[1].clone(),
                          a[2].clone(),
                          a[3].clone(),
                          a[4].clone(),
                          a[5].clone(),
                          List.copyOf(gps)));
                  gps.clear();
                  n[0] = 0;
                }
              }

              @Override
              public void gps(long tNs, double speedMps, double latitude, double longitude) {
                gps.add(new SampleBatch.GpsFix(tNs, speedMps, latitude, longitude));
              }
            });
    return out;
  }

  private static SensorInput replayOf(List<SampleBatch> batches, FleetPlan.Vehicle v) {
    return new SensorInput() {
      @Override
      public Map<String, String> metadata() {
        return Map.of("fleet", v.fleetId(), "vehicle", v.vehicleId(), "driver", v.driverId());
      }

      @Override
      public List<Label> labels() {
        return List.of();
      }

      @Override
      public void run(SampleListener listener) {
        // the same hand-over as the agent's: batches through MqttSampleInput
        MqttSampleInput queue = new MqttSampleInput(batches.size());
        try {
          for (SampleBatch b : batches) {
            queue.offer(b);
          }
          while (queue.next(listener, Duration.ZERO)) {
            // every batch pushed
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
