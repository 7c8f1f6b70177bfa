package io.vigil.cloud.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.brokers.testkit.SignedPackages;
import io.vigil.cloud.TestEvents;
import io.vigil.cloud.registry.ModelUpload;
import io.vigil.cloud.registry.RegisteredModel;
import io.vigil.cloud.rollout.CanaryBounds;
import io.vigil.cloud.rollout.DownlinkMessage;
import io.vigil.cloud.rollout.Rollout;
import io.vigil.cloud.rollout.RolloutCommand;
import io.vigil.cloud.rollout.RolloutStage;
import io.vigil.inference.pkg.PackageArchive;
import io.vigil.protocol.Command;
import io.vigil.protocol.DeviceStatus.UpdateState;
import io.vigil.protocol.EventType;
import io.vigil.protocol.ModelManifest;
import io.vigil.protocol.VigilMessage;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout part of the processor topology: registered packages, vehicles' statuses, telemetry
 * and events, and admins' commands go in; the rollout's state and the MQTT messages for the devices
 * come out, through the same repartition and stores as in production.
 */
class RolloutTopologyTest {

  private static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");
  private static final String FLEET = "acme";

  @TempDir static Path dir;

  private static RegisteredModel v100;
  private static RegisteredModel v110;

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> events;
  private TestInputTopic<String, byte[]> telemetry;
  private TestInputTopic<String, byte[]> status;
  private TestInputTopic<String, RolloutCommand> commands;
  private TestOutputTopic<String, DownlinkMessage> downlink;
  private KeyValueStore<String, Rollout> rollouts;

  @org.junit.jupiter.api.BeforeAll
  static void packages() throws Exception {
    KeyPair keys = SignedPackages.keys();
    v100 = register(SignedPackages.version(dir.resolve("1.0.0"), keys, "1.0.0", null), keys);
    v110 = register(SignedPackages.version(dir.resolve("1.1.0"), keys, "1.1.0", "1.0.0"), keys);
  }

  @BeforeEach
  void start() {
    driver =
        TestTopology.driver(
            "rollout-test",
            new CanaryBounds(100, 5, 2.0, 0.2, 0.2, CanaryBounds.OnBreach.ROLLBACK));
    events = bytes(SafetyTopology.EVENTS);
    telemetry = bytes(SafetyTopology.TELEMETRY);
    status = bytes(SafetyTopology.STATUS);
    commands =
        driver.createInputTopic(
            SafetyTopology.ROLLOUT_COMMANDS,
            Serdes.String().serializer(),
            SafetyTopology.ROLLOUT_COMMAND.serializer());
    downlink =
        driver.createOutputTopic(
            SafetyTopology.DOWNLINK,
            Serdes.String().deserializer(),
            SafetyTopology.DOWNLINK_MESSAGE.deserializer());
    rollouts = driver.getKeyValueStore(SafetyTopology.ROLLOUT_STORE);
    TestInputTopic<String, RegisteredModel> models =
        driver.createInputTopic(
            SafetyTopology.MODELS,
            Serdes.String().serializer(),
            SafetyTopology.REGISTERED_MODEL.serializer());
    models.pipeInput(v100.key(), v100);
    models.pipeInput(v110.key(), v110);
    for (int i = 0; i < 10; i++) {
      send(
          status,
          TestEvents.modelStatus(FLEET, "van-" + i, "1.0.0", UpdateState.ACTIVE, "1.0.0", T0));
    }
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aCanaryIsAnnouncedToItsCohortAndPromotedToTheFleet() throws Exception {
    command(RolloutCommand.Action.START, "1.1.0", RolloutStage.CANARY, 20);

    List<DownlinkMessage> sent = downlink.readValuesToList();
    assertThat(sent).hasSize(3);
    assertThat(sent.get(0).topic()).isEqualTo(Topics.modelPackage(FLEET, v110.sha256()));
    assertThat(sent.get(0).payload()).isEqualTo(v110.archive());
    assertThat(sent.get(0).retained()).isTrue();
    List<String> cohort = sent.subList(1, 3).stream().map(m -> m.topic().split("/")[3]).toList();
    for (DownlinkMessage m : sent.subList(1, 3)) {
      ModelManifest a = codec.decode(m.payload(), ModelManifest.class);
      assertThat(a.version()).isEqualTo("1.1.0");
      assertThat(a.mode()).isEqualTo(ModelManifest.Mode.ACTIVE);
      assertThat(a.sha256()).isEqualTo(v110.sha256());
      assertThat(m.retained()).isTrue();
    }
    Rollout r = rollouts.get(FLEET);
    assertThat(r.stage()).isEqualTo(RolloutStage.CANARY);
    assertThat(r.baseline()).isEqualTo("1.0.0");

    for (String v : cohort) {
      send(
          status,
          TestEvents.modelStatus(
              FLEET, v, "1.1.0", UpdateState.ACTIVE, "1.1.0", T0.plusSeconds(30)));
      send(telemetry, TestEvents.windows(FLEET, v, 60, T0.plusSeconds(60)));
      send(
          events,
          TestEvents.event(FLEET, v, "d", EventType.HARSH_BRAKING, T0.plusSeconds(61), "1.1.0"));
    }
    send(telemetry, TestEvents.windows(FLEET, "outsider-not-known", 60, T0.plusSeconds(60)));
    r = rollouts.get(FLEET);
    assertThat(r.canary().reporting()).isEqualTo(2);
    assertThat(r.canary().windows()).isEqualTo(120);
    assertThat(r.canary().events()).isEqualTo(2);

    command(RolloutCommand.Action.PROMOTE, null, null, 0);
    sent = downlink.readValuesToList();
    assertThat(sent.get(0).topic()).isEqualTo(Topics.modelPackage(FLEET, v110.sha256()));
    assertThat(sent.get(1).topic()).isEqualTo(Topics.fleetModel(FLEET));
    assertThat(codec.decode(sent.get(1).payload(), ModelManifest.class).version())
        .isEqualTo("1.1.0");
    assertThat(sent.subList(2, 4))
        .allSatisfy(m -> assertThat(m.payload()).as("override withdrawn").isEmpty());
    assertThat(rollouts.get(FLEET).stage()).isEqualTo(RolloutStage.FLEET);
  }

  @Test
  void aMisbehavingCanaryIsRolledBackWithoutAnAdmin() throws Exception {
    command(RolloutCommand.Action.START, "1.1.0", RolloutStage.CANARY, 20);
    List<String> cohort =
        downlink.readValuesToList().stream().skip(1).map(m -> m.topic().split("/")[3]).toList();
    Instant t = T0.plusSeconds(30);
    for (String v : cohort) {
      send(status, TestEvents.modelStatus(FLEET, v, "1.1.0", UpdateState.ACTIVE, "1.1.0", t));
    }
    for (int i = 0; i < 10; i++) {
      String v = "van-" + i;
      boolean canary = cohort.contains(v);
      send(telemetry, TestEvents.windows(FLEET, v, 100, t.plusSeconds(60)));
      // the canary finds 6 events per 100 windows, the control group 1
      for (int e = 0; e < (canary ? 6 : 1); e++) {
        send(
            events,
            TestEvents.event(
                FLEET,
                v,
                "d",
                EventType.HARSH_CORNERING,
                t.plusSeconds(61 + e),
                canary ? "1.1.0" : "1.0.0"));
      }
    }

    Rollout r = rollouts.get(FLEET);
    assertThat(r.stage()).isEqualTo(RolloutStage.ROLLED_BACK);
    assertThat(r.history().get(r.history().size() - 1).reason())
        .startsWith("automatic: canary event rate");
    List<DownlinkMessage> sent = downlink.readValuesToList();
    assertThat(sent).hasSize(4);
    for (String v : cohort) {
      DeviceAddress d = new DeviceAddress(FLEET, v);
      DownlinkMessage cmd =
          sent.stream().filter(m -> m.topic().equals(Topics.command(d))).findFirst().orElseThrow();
      Command c = codec.decode(cmd.payload(), Command.class);
      assertThat(c.type()).isEqualTo(Command.Type.ROLLBACK_MODEL);
      assertThat(cmd.retained()).isFalse();
      assertThat(sent)
          .anySatisfy(
              m -> {
                assertThat(m.topic()).isEqualTo(Topics.vehicleModel(d));
                assertThat(m.payload()).isEmpty();
              });
    }

    // A refused command is answered in the rollout's state.
    String id = command(RolloutCommand.Action.PROMOTE, null, null, 0);
    assertThat(rollouts.get(FLEET).lastCommandId()).isEqualTo(id);
    assertThat(rollouts.get(FLEET).lastRefusal()).isEqualTo("fleet acme has no rollout under way");
    assertThat(downlink.isEmpty()).isTrue();
  }

  private String command(RolloutCommand.Action a, String version, RolloutStage stage, int percent) {
    String id = UUID.randomUUID().toString();
    commands.pipeInput(
        FLEET,
        new RolloutCommand(
            id, a, "vigil-driving", version, stage, percent, "ada", "", T0.plusSeconds(5)),
        T0.plusSeconds(5));
    return id;
  }

  private void send(TestInputTopic<String, byte[]> topic, VigilMessage m) {
    String vehicle;
    Instant at;
    if (m instanceof io.vigil.protocol.DeviceStatus s) {
      vehicle = s.vehicleId();
      at = s.deviceTime();
    } else if (m instanceof io.vigil.protocol.Telemetry tm) {
      vehicle = tm.vehicleId();
      at = tm.deviceTime();
    } else {
      io.vigil.protocol.SafetyEvent e = (io.vigil.protocol.SafetyEvent) m;
      vehicle = e.vehicleId();
      at = e.deviceTime();
    }
    topic.pipeInput(FLEET + "." + vehicle, codec.encode(m), at);
  }

  private TestInputTopic<String, byte[]> bytes(String topic) {
    return driver.createInputTopic(
        topic, Serdes.String().serializer(), Serdes.ByteArray().serializer());
  }

  private static RegisteredModel register(Path pkg, KeyPair keys) throws Exception {
    return ModelUpload.read(PackageArchive.pack(pkg), keys.getPublic(), 8 << 20, "ada", T0);
  }
}
