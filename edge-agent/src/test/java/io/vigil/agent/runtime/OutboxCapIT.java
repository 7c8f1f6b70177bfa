package io.vigil.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.calibrate.CalibrationStore;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.outbox.Outbox;
import io.vigil.agent.outbox.OutboxSettings;
import io.vigil.agent.publish.OutboxPublisher;
import io.vigil.agent.testing.AgentTestKit;
import io.vigil.brokers.testkit.MonitoredMetrics;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.Pacer;
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
 * A long outage fills a small outbox: telemetry goes first, then the oldest events, each drop
 * counted; when the broker is back, exactly the events that were kept arrive.
 */
class OutboxCapIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  @TempDir Path dir;

  @Test
  void aFullOutboxDropsTelemetryThenTheOldestEventsAndCountsThem() throws Exception {
    List<FleetPlan.Vehicle> plan = AgentTestKit.testPlan();
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    // 256 KiB holds about a dozen events with their 5 s sensor snippets
    OutboxSettings small =
        new OutboxSettings(
            dir.resolve("outbox"),
            256 << 10,
            64 << 10,
            64 << 10,
            OutboxSettings.Fsync.EVENTS,
            Duration.ofSeconds(1));
    MQTT.stop();
    try (DetectionModel model = AgentTestKit.shippedModel();
        AgentMetrics metrics = new AgentMetrics();
        Outbox outbox = Outbox.open(small, Clock.systemUTC())) {
      FleetRuntime.Report report =
          new FleetRuntime(outbox, metrics, 64, 2, Clock.systemUTC(), () -> {}, () -> {})
              .run(
                  plan,
                  FleetRuntime.agentsFor(
                      plan,
                      model,
                      new CalibrationStore(dir.resolve("cal")),
                      Clock.systemUTC(),
                      Duration.ofMinutes(1)),
                  false,
                  Duration.ZERO,
                  Pacer.SYSTEM);
      Outbox.Stats full = outbox.stats();
      assertThat(full.droppedTelemetry()).as("telemetry dropped first").isPositive();
      // only the trips' last reports, written after the last drop, are left
      assertThat(full.pendingTelemetry()).isLessThanOrEqualTo(plan.size());
      assertThat(full.droppedEvents()).as("then the oldest events").isPositive();
      assertThat(full.droppedEvents() + full.pendingEvents()).isEqualTo(report.events());
      assertThat(full.diskBytes()).isLessThanOrEqualTo(256 << 10);
      Set<UUID> kept = new HashSet<>();
      long oldestKeptSeq = Long.MAX_VALUE;
      for (Outbox.Message m : outbox.after(Outbox.Kind.EVENT, -1, 1000)) {
        kept.add(codec.decode(m.payload(), SafetyEvent.class).eventId());
        oldestKeptSeq = Math.min(oldestKeptSeq, m.seq());
      }
      assertThat(oldestKeptSeq)
          .as("what was dropped is the oldest")
          .isEqualTo(full.droppedEvents());

      MQTT.start();
      List<UUID> received;
      try (AgentTestKit.EventIds cloud = new AgentTestKit.EventIds(MQTT, "cloud-cap-test");
          OutboxPublisher publisher =
              new OutboxPublisher(
                  outbox,
                  MqttClientSettings.of(MQTT.serverUri(), "vigil-agent-cap")
                      .withCredentials(MqttBrokerExtension.SERVICE_USER, MQTT.servicePassword())
                      .withBackoff(AgentTestKit.fastBackoff()))) {
        received = cloud.received();
        metrics.watch(outbox, publisher);
        publisher.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (new HashSet<>(received).size() < kept.size() && System.nanoTime() < deadline) {
          publisher.wakeUp();
          Thread.sleep(50);
        }
      }
      assertThat(new HashSet<>(received)).isEqualTo(kept);
      assertThat(metrics.scrape())
          .contains("vigil_agent_outbox_dropped{kind=\"event\"} " + (double) full.droppedEvents())
          .contains("vigil_agent_events_total{type=\"harsh_braking\"}");
      assertThat(MonitoredMetrics.missingFrom(metrics.scrape(), n -> n.startsWith("vigil_agent_")))
          .as("agent metrics that deploy/observability queries but the agent does not export")
          .isEmpty();
      double counted =
          metrics
              .scrape()
              .lines()
              .filter(l -> l.startsWith("vigil_agent_events_total{"))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
      assertThat(counted).as("events counted by type").isEqualTo((double) report.events());
    }
  }
}
