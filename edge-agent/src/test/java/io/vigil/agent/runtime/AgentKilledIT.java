package io.vigil.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.cli.VigilAgentCommand;
import io.vigil.agent.outbox.Outbox;
import io.vigil.agent.outbox.OutboxSettings;
import io.vigil.agent.testing.AgentTestKit;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.json.ProtocolCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent killed with SIGKILL while it publishes, then started again on the same data directory:
 * every event the killed agent had detected reaches the broker — either before the kill or from the
 * outbox after the restart — and the only repeats are redeliveries of the same event id.
 */
class AgentKilledIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  @TempDir Path dir;

  @Test
  void nothingDetectedIsLostWhenTheAgentIsKilledWhilePublishing() throws Exception {
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    try (AgentTestKit.EventIds cloud = new AgentTestKit.EventIds(MQTT, "cloud-kill-test")) {
      List<UUID> received = cloud.received();

      // One message in flight at a time keeps acknowledgements behind detection at the kill.
      Process agent = start("false", "0s", "mqtt.max-in-flight=1");
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (received.size() < 10 && System.nanoTime() < deadline && agent.isAlive()) {
        Thread.sleep(5);
      }
      agent.destroyForcibly(); // SIGKILL, mid-publish
      assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Set<UUID> beforeKill = new HashSet<>(received);
      assertThat(beforeKill).hasSizeGreaterThanOrEqualTo(10);

      Set<UUID> pending = new HashSet<>();
      try (Outbox outbox =
          Outbox.open(OutboxSettings.defaults(dir.resolve("outbox")), Clock.systemUTC())) {
        for (Outbox.Message m : outbox.after(Outbox.Kind.EVENT, -1, 100_000)) {
          pending.add(codec.decode(m.payload(), SafetyEvent.class).eventId());
        }
      }
      System.out.printf(
          "killed with %d events delivered and %d in the outbox%n",
          beforeKill.size(), pending.size());
      // Detection comes in bursts, so how many events await their PUBACK at the kill varies (1-10
      // in six runs here); the check below holds for any number, including none.

      // Restart for one second of driving (no new events): the outbox's backlog goes out.
      Process restarted = start("true", "1s", "mqtt.max-in-flight=100");
      assertThat(restarted.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(restarted.exitValue()).isZero();
      Set<UUID> detected = new HashSet<>(beforeKill);
      detected.addAll(pending);
      deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!new HashSet<>(received).containsAll(detected) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(new HashSet<>(received)).isEqualTo(detected);
    }
  }

  private Process start(String realtime, String runFor, String extra) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(VigilAgentCommand.class.getName());
    command.add("run");
    for (String set :
        List.of(
            "agent.scenario=../seeds/demo-fleet.yaml",
            "agent.realtime=" + realtime,
            "agent.run-for=" + runFor,
            "agent.data-dir=" + dir,
            "model.package=../models/vigil-driving/1.0.0",
            "model.public-key=../models/vigil-driving/1.0.0/publisher.pub.pem",
            "mqtt.server=" + MQTT.serverUri(),
            "mqtt.username=" + MqttBrokerExtension.SERVICE_USER,
            "metrics.port=0",
            extra)) {
      command.add("--set");
      command.add(set);
    }
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("VIGIL_AGENT_MQTT_PASSWORD", MQTT.servicePassword());
    return pb.start();
  }
}
