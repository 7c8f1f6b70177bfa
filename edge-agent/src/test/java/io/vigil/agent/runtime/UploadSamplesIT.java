package io.vigil.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.testing.AgentTestKit;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.Command;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.WindowSample;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.SimulatedPacer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upload_samples} through a real MQTT broker: two minutes into their trips, the cloud asks
 * each of three simulated vehicles for five stretches at least 30 s apart; each uploads them on
 * {@code .../windows}, five seconds of its raw IMU samples each, none over or next to an event it
 * reported, and a command with arguments out of range changes nothing.
 */
class UploadSamplesIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  @TempDir Path dir;

  @Test
  void eachVehicleUploadsTheStretchesItWasAskedForAwayFromItsEvents() throws Exception {
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    List<SafetyEvent> events = new CopyOnWriteArrayList<>();
    List<WindowSample> windows = new CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<FleetPlan.Vehicle> plan = AgentTestKit.testPlan();
    UUID requestId = UUID.randomUUID();
    try (ReconnectingMqttClient cloud =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(MQTT.serverUri(), "cloud-test")
                .withCredentials(MqttBrokerExtension.SERVICE_USER, MQTT.servicePassword()),
            m -> {
              try {
                switch (Topics.parse(m.topic()).orElseThrow().channel()) {
                  case EVENTS -> events.add(codec.decode(m.payload(), SafetyEvent.class));
                  case WINDOWS -> windows.add(codec.decode(m.payload(), WindowSample.class));
                  case STATUS ->
                      statuses
                          .computeIfAbsent(
                              codec.decode(m.payload(), DeviceStatus.class).vehicleId(),
                              k -> new AtomicInteger())
                          .incrementAndGet();
                  default -> {}
                }
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            })) {
      for (Channel c : List.of(Channel.EVENTS, Channel.WINDOWS, Channel.STATUS)) {
        cloud.subscribe(Topics.allVehicles(c), 1);
      }
      SimulatedPacer pacer = new SimulatedPacer();
      pacer.at(
          Duration.ofMinutes(2),
          () -> {
            try {
              // Simulated minutes pass in moments: wait for the agent's birth statuses, which it
              // publishes once it has subscribed to the vehicles' commands.
              AgentTestKit.await(
                  () -> statuses.size() == plan.size(),
                  Duration.ofSeconds(20),
                  "every vehicle is online");
              for (FleetPlan.Vehicle v : plan) {
                DeviceAddress a = new DeviceAddress(v.fleetId(), v.vehicleId());
                int before = statuses.getOrDefault(v.vehicleId(), new AtomicInteger()).get();
                send(cloud, codec, a, Map.of("count", "0")); // out of range: ignored
                send(
                    cloud,
                    codec,
                    a,
                    Map.of("requestId", requestId.toString(), "count", "5", "spacingS", "30"));
                // Commands run in order: once the status asked for after them arrives, the
                // upload request has been handed to the vehicle.
                cloud
                    .publish(
                        Topics.command(a),
                        codec.encode(
                            new Command(
                                UUID.randomUUID(),
                                Instant.now(),
                                Command.Type.REQUEST_STATUS,
                                Map.of())),
                        1,
                        false)
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
                AgentTestKit.await(
                    () -> statuses.getOrDefault(v.vehicleId(), new AtomicInteger()).get() > before,
                    Duration.ofSeconds(20),
                    v.vehicleId() + " answers its status request");
              }
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
      AgentConfig config =
          AgentConfig.load(
              Optional.empty(),
              Map.of("VIGIL_AGENT_MQTT_PASSWORD", MQTT.servicePassword()),
              Map.of(
                  "agent.scenario", AgentTestKit.TEST_SCENARIO.toString(),
                  "agent.realtime", "true",
                  "agent.data-dir", dir.toString(),
                  "model.package", AgentTestKit.SHIPPED.toString(),
                  "model.public-key", AgentTestKit.SHIPPED.resolve("publisher.pub.pem").toString(),
                  "mqtt.server", MQTT.serverUri(),
                  "mqtt.username", MqttBrokerExtension.SERVICE_USER,
                  "telemetry.interval", "60s",
                  "metrics.port", "0"));
      FleetRuntime.Report report =
          new AgentRuntime(config, Clock.systemUTC(), new PrintStream(System.out), pacer).run();
      assertThat(pacer.fired()).isEqualTo(1);
      AgentTestKit.await(
          () -> windows.size() >= 3 * 5 && events.size() >= report.events(),
          Duration.ofSeconds(20),
          "every stretch and event arrives");
    }

    for (FleetPlan.Vehicle v : plan) {
      List<WindowSample> mine =
          windows.stream()
              .filter(w -> w.vehicleId().equals(v.vehicleId()))
              .sorted(Comparator.comparing(WindowSample::deviceTime))
              .toList();
      assertThat(mine)
          .as("%s's stretches (of %d from all vehicles)", v.vehicleId(), windows.size())
          .hasSize(5);
      List<Instant> starts = new ArrayList<>();
      for (WindowSample w : mine) {
        assertThat(w.requestId()).isEqualTo(requestId);
        assertThat(w.modelVersion()).isEqualTo("1.0.0");
        assertThat(w.snippet().length()).isBetween(249, 251); // 5 s at 50 Hz
        assertThat(w.maxEventProbability()).isBetween(0.0, 1.0);
        Instant from = w.deviceTime();
        Instant to = from.plusSeconds(5);
        for (SafetyEvent e : events) {
          if (e.vehicleId().equals(v.vehicleId())) {
            Instant eFrom = e.deviceTime().minusSeconds(1);
            Instant eTo = e.deviceTime().plusMillis(e.durationMs()).plusSeconds(1);
            assertThat(eTo.isBefore(from) || eFrom.isAfter(to))
                .as(
                    "%s's stretch at %s is away from its %s at %s",
                    v.vehicleId(), from, e.type(), e.deviceTime())
                .isTrue();
          }
        }
        starts.add(from);
      }
      for (int i = 1; i < starts.size(); i++) {
        assertThat(Duration.between(starts.get(i - 1), starts.get(i)))
            .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
      }
      assertThat(mine.stream().map(WindowSample::sampleId).distinct()).hasSize(5);
    }
  }

  private static void send(
      ReconnectingMqttClient cloud, ProtocolCodec codec, DeviceAddress a, Map<String, String> args)
      throws Exception {
    cloud
        .publish(
            Topics.command(a),
            codec.encode(
                new Command(UUID.randomUUID(), Instant.now(), Command.Type.UPLOAD_SAMPLES, args)),
            1,
            false)
        .get(10, java.util.concurrent.TimeUnit.SECONDS);
  }
}
