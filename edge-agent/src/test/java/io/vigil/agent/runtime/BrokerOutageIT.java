package io.vigil.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.calibrate.CalibrationStore;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.outbox.Outbox;
import io.vigil.agent.outbox.OutboxSettings;
import io.vigil.agent.publish.OutboxPublisher;
import io.vigil.agent.testing.AgentTestKit;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.SimulatedPacer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away for five minutes of driving and comes back: the fleet keeps detecting into
 * its outbox, and once the broker is back every event is delivered. The drive runs in real time on
 * a simulated clock, so the five minutes take seconds.
 */
class BrokerOutageIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  @TempDir Path dir;

  @Test
  void fiveMinutesWithoutABrokerLoseNoEvent() throws Exception {
    List<FleetPlan.Vehicle> plan = AgentTestKit.testPlan();
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    Set<UUID> appended = new HashSet<>();
    SimulatedPacer pacer = new SimulatedPacer();
    try (AgentTestKit.EventIds cloud = new AgentTestKit.EventIds(MQTT, "cloud-outage-test");
        DetectionModel model = AgentTestKit.shippedModel();
        AgentMetrics metrics = new AgentMetrics();
        Outbox outbox =
            Outbox.open(OutboxSettings.defaults(dir.resolve("outbox")), Clock.systemUTC())) {
      List<UUID> received = cloud.received();
      OutboxPublisher publisher =
          new OutboxPublisher(
                  outbox,
                  MqttClientSettings.of(MQTT.serverUri(), "vigil-agent-outage")
                      .withCredentials(MqttBrokerExtension.SERVICE_USER, MQTT.servicePassword())
                      .withBackoff(AgentTestKit.fastBackoff()))
              .start();
      long connectBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!publisher.isConnected() && System.nanoTime() < connectBy) {
        Thread.sleep(20);
      }
      assertThat(publisher.isConnected()).isTrue();
      pacer.at(Duration.ofMinutes(2), MQTT::stop);
      pacer.at(Duration.ofMinutes(7), MQTT::start);
      FleetRuntime fleet =
          new FleetRuntime(outbox, metrics, 64, 2, Clock.systemUTC(), () -> {}, publisher::wakeUp);
      FleetRuntime.Report report =
          fleet.run(
              plan,
              FleetRuntime.agentsFor(
                  plan,
                  model,
                  new CalibrationStore(dir.resolve("cal")),
                  Clock.systemUTC(),
                  Duration.ofMinutes(1)),
              true,
              Duration.ZERO,
              pacer);
      for (Outbox.Message m : outbox.after(Outbox.Kind.EVENT, -1, 10_000)) {
        appended.add(codec.decode(m.payload(), SafetyEvent.class).eventId());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (outbox.stats().pendingEvents() > 0 && System.nanoTime() < deadline) {
        publisher.wakeUp();
        Thread.sleep(50);
      }
      // The cloud's own session reconnects with its backoff and then gets what the broker queued.
      while (new HashSet<>(received).size() < report.events() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }

      assertThat(pacer.fired()).as("the outage happened during the drive").isEqualTo(2);
      assertThat(report.events()).isGreaterThan(15);
      assertThat(outbox.stats().pendingEvents())
          .as(
              "undelivered; publisher published %d, acknowledged %d, failures %d, reconnects %d,"
                  + " connected %s",
              publisher.published(),
              publisher.acknowledged(),
              publisher.failures(),
              publisher.reconnects(),
              publisher.isConnected())
          .isZero();
      assertThat(outbox.stats().droppedEvents()).isZero();
      assertThat(MQTT.droppedMessages()).isZero();
      Set<UUID> unique = new HashSet<>(received);
      assertThat(unique)
          .as("every event written to the outbox arrived")
          .hasSize((int) report.events());
      assertThat(unique).containsAll(appended);
      publisher.close();
    }
  }
}
