package io.vigil.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.input.SimulatorInput;
import io.vigil.agent.outbox.Outbox;
import io.vigil.agent.outbox.OutboxSettings;
import io.vigil.agent.replay.Replay;
import io.vigil.agent.testing.AgentTestKit;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import io.vigil.simulator.scenario.FleetPlan;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's delivery path against a real MQTT broker (HiveMQ CE in this JVM): the events a
 * simulated drive produces reach the cloud's subscription once each and in order, and none is lost
 * when the broker is down for part of the drive and comes back.
 */
class OutboxPublisherIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  @TempDir Path dir;

  private static List<SafetyEvent> drive() throws Exception {
    FleetPlan.Vehicle v = AgentTestKit.testPlan().get(2);
    try (DetectionModel model = AgentTestKit.shippedModel()) {
      return Replay.run(new SimulatorInput(v), model);
    }
  }

  @Test
  void everyEventArrivesInOrderAndNoneIsLostWhileTheBrokerIsDown() throws Exception {
    List<SafetyEvent> events = drive();
    assertThat(events).hasSizeGreaterThan(15);
    DeviceAddress device = new DeviceAddress(events.get(0).fleetId(), events.get(0).vehicleId());
    List<UUID> received;

    try (AgentTestKit.EventIds cloud = new AgentTestKit.EventIds(MQTT, "cloud-ingest-test");
        Outbox outbox =
            Outbox.open(OutboxSettings.defaults(dir.resolve("outbox")), Clock.systemUTC());
        OutboxPublisher publisher =
            new OutboxPublisher(
                    outbox,
                    MqttClientSettings.of(MQTT.serverUri(), device.clientId())
                        .withCredentials(device.clientId(), MQTT.issueDevice(device))
                        .withBackoff(AgentTestKit.fastBackoff()))
                .start()) {
      received = cloud.received();
      int third = events.size() / 3;

      append(outbox, publisher, events.subList(0, third));
      awaitDelivered(received, third);

      MQTT.stop();
      append(outbox, publisher, events.subList(third, 2 * third)); // detected while offline
      Thread.sleep(2_000);
      assertThat(outbox.stats().pendingEvents()).isEqualTo(third);
      MQTT.start();
      append(outbox, publisher, events.subList(2 * third, events.size()));

      awaitDelivered(received, events.size());
      awaitEmpty(outbox);
      assertThat(MQTT.droppedMessages()).isZero();
    }

    Set<UUID> firstArrivals = new LinkedHashSet<>(received);
    assertThat(new ArrayList<>(firstArrivals))
        .as("every event once, in the order detected")
        .containsExactlyElementsOf(events.stream().map(SafetyEvent::eventId).toList());
    assertThat(received.stream().collect(Collectors.toSet())).hasSize(events.size());
  }

  @Test
  void anAgentStoppingBeforeItsFirstConnectionStillDeliversAndItsLastStatusStays()
      throws Exception {
    List<SafetyEvent> events = drive();
    DeviceAddress device = new DeviceAddress(events.get(0).fleetId(), events.get(0).vehicleId());
    String statusTopic = Topics.status(device);
    try (AgentTestKit.EventIds cloud = new AgentTestKit.EventIds(MQTT, "cloud-drain-test");
        Outbox outbox =
            Outbox.open(OutboxSettings.defaults(dir.resolve("outbox")), Clock.systemUTC())) {
      ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
      for (SafetyEvent e : events) {
        outbox.append(Outbox.Kind.EVENT, Topics.events(device), codec.encode(e));
      }
      OutboxPublisher publisher =
          new OutboxPublisher(
                  outbox,
                  MqttClientSettings.of(MQTT.serverUri(), device.clientId())
                      .withCredentials(device.clientId(), MQTT.issueDevice(device)))
              .onConnect(c -> c.publish(statusTopic, "online".getBytes(), 1, true));
      // The drive is over before the first connection is made: a short run, or a slow broker.
      publisher.start();
      assertThat(publisher.drain(Duration.ofSeconds(30))).as("outbox emptied").isTrue();
      assertThat(outbox.stats().pendingEvents()).isZero();
      publisher.client().publish(statusTopic, "offline".getBytes(), 1, true).get();
      publisher.close();
      awaitDelivered(cloud.received(), events.size());
    }
    assertThat(retained(statusTopic))
        .as("the last status is the one published after drain")
        .isEqualTo("offline");
  }

  @Test
  void withNothingToDeliverDrainStillWaitsForTheConnectionsOwnStatus() throws Exception {
    DeviceAddress device = new DeviceAddress("acme", "truck-drain");
    String statusTopic = Topics.status(device);
    try (Outbox outbox =
            Outbox.open(OutboxSettings.defaults(dir.resolve("outbox")), Clock.systemUTC());
        OutboxPublisher publisher =
            new OutboxPublisher(
                    outbox,
                    MqttClientSettings.of(MQTT.serverUri(), device.clientId())
                        .withCredentials(device.clientId(), MQTT.issueDevice(device)))
                .onConnect(
                    c -> {
                      pause(500); // subscriptions and the like come before the online status
                      c.publish(statusTopic, "online".getBytes(), 1, true);
                    })
                .start()) {
      assertThat(publisher.drain(Duration.ofSeconds(30))).isTrue();
      publisher.client().publish(statusTopic, "offline".getBytes(), 1, true).get();
    }
    assertThat(retained(statusTopic)).isEqualTo("offline");
  }

  @Test
  void drainGivesUpAtOnceWhenTheBrokerIsUnreachable() throws Exception {
    try (Outbox outbox =
        Outbox.open(OutboxSettings.defaults(dir.resolve("outbox")), Clock.systemUTC())) {
      outbox.append(Outbox.Kind.EVENT, Topics.events(new DeviceAddress("f", "v")), new byte[] {1});
      try (OutboxPublisher publisher =
          new OutboxPublisher(
                  outbox,
                  MqttClientSettings.of("tcp://127.0.0.1:" + closedPort(), "unreachable")
                      .withBackoff(AgentTestKit.fastBackoff()))
              .start()) {
        long t0 = System.nanoTime();
        assertThat(publisher.drain(Duration.ofMinutes(5))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
            .as("returned after the failed attempt, not at the end of the grace")
            .isLessThan(Duration.ofMinutes(1));
        assertThat(outbox.stats().pendingEvents()).as("kept for the next start").isEqualTo(1);
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static int closedPort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The retained message on {@code topic}, read by a fresh subscriber. */
  private static String retained(String topic) throws Exception {
    java.util.concurrent.CompletableFuture<String> got =
        new java.util.concurrent.CompletableFuture<>();
    try (ReconnectingMqttClient c =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(MQTT.serverUri(), "cloud-retained-test")
                .withCredentials(MqttBrokerExtension.SERVICE_USER, MQTT.servicePassword()),
            m -> got.complete(new String(m.payload())))) {
      c.subscribe(topic, 1);
      return got.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static void append(Outbox outbox, OutboxPublisher publisher, List<SafetyEvent> events)
      throws Exception {
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    for (SafetyEvent e : events) {
      outbox.append(
          Outbox.Kind.EVENT,
          Topics.events(new DeviceAddress(e.fleetId(), e.vehicleId())),
          codec.encode(e));
    }
    publisher.wakeUp();
  }

  private static void awaitDelivered(List<UUID> received, int count) throws Exception {
    AgentTestKit.await(
        () -> new LinkedHashSet<>(received).size() >= count, Duration.ofSeconds(60), "delivery");
    assertThat(new LinkedHashSet<>(received)).hasSize(count);
  }

  private static void awaitEmpty(Outbox outbox) throws Exception {
    AgentTestKit.await(
        () -> outbox.stats().pendingEvents() == 0, Duration.ofSeconds(30), "an empty outbox");
  }
}
