package io.vigil.agent.testing;

import io.vigil.agent.detect.DetectionModel;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectBackoff;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** What the agent's tests share: the shipped model, a cloud-side event listener, waiting. */
public final class AgentTestKit {

  /** The shipped model package, seen from the edge-agent module. */
  public static final Path SHIPPED = Path.of("../models/vigil-driving/1.0.0");

  /** The agent tests' scenario: three 10-minute trips with enriched event rates. */
  public static final Path TEST_SCENARIO = Path.of("src/test/resources/agent-test.yaml");

  /** The vehicles of {@link #TEST_SCENARIO}. */
  public static List<io.vigil.simulator.scenario.FleetPlan.Vehicle> testPlan()
      throws java.io.IOException {
    return io.vigil.simulator.scenario.FleetPlan.of(
        io.vigil.simulator.scenario.ScenarioFile.read(TEST_SCENARIO));
  }

  private AgentTestKit() {}

  /** The shipped model, verified with its publisher key and self-tested. */
  public static DetectionModel shippedModel() throws Exception {
    return DetectionModel.load(
        ModelPackage.load(SHIPPED, Ed25519Pem.readPublic(SHIPPED.resolve("publisher.pub.pem"))));
  }

  /** A reconnect backoff short enough for tests: 200 ms doubling to 2 s. */
  public static ReconnectBackoff fastBackoff() {
    return new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(2), 0.2);
  }

  /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
  public static void await(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /**
   * The cloud's side: a service client subscribed to every vehicle's events, recording the event
   * ids in arrival order (redeliveries included).
   */
  public static final class EventIds implements AutoCloseable {
    private final List<UUID> received = new CopyOnWriteArrayList<>();
    private final ReconnectingMqttClient client;

    public EventIds(MqttBrokerExtension broker, String clientId) throws MqttClientException {
      ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
      client =
          ReconnectingMqttClient.connect(
              MqttClientSettings.of(broker.serverUri(), clientId)
                  .withCredentials(MqttBrokerExtension.SERVICE_USER, broker.servicePassword())
                  .withBackoff(fastBackoff()),
              m -> {
                try {
                  received.add(codec.decode(m.payload(), SafetyEvent.class).eventId());
                } catch (Exception e) {
                  throw new AssertionError("undecodable event", e);
                }
              });
      client.subscribe(Topics.allVehicles(Channel.EVENTS), 1);
    }

    /** Every id received so far, in order, duplicates included. */
    public List<UUID> received() {
      return received;
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
