package io.vigil.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.detect.PackageFixtures;
import io.vigil.agent.storage.AtomicJsonFile;
import io.vigil.agent.testing.AgentTestKit;
import io.vigil.agent.update.UpdateRecord;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.PackageArchive;
import io.vigil.inference.pkg.PackageRelease;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.Command;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.DeviceStatus.UpdateState;
import io.vigil.protocol.ModelManifest;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.SimulatedPacer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over-the-air model updates with the whole agent (fleet mode, three simulated vehicles driving in
 * real time on a simulated clock) and a real broker, the test playing the cloud. During one drive
 * the cloud announces, in turn: a package signed with another key, one whose model does not match
 * its signed hash, wrong bytes for an announced package, and one that fails its golden self-test —
 * each refused with the reason in the vehicles' status while 1.0.0 keeps running; then a good 1.1.0
 * in shadow (agreement statistics in telemetry), then as active (hot-swapped), then a rollback
 * command. The drive's events and windows equal those of the same drive without any update, so no
 * window was lost in the swaps. Then restarts: the rolled-back package stays refused, and a
 * download left unfinished by a stop completes after the restart.
 */
class ModelUpdateIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
  private final Map<String, DeviceStatus> status = new ConcurrentHashMap<>();
  private final List<SafetyEvent> events = new CopyOnWriteArrayList<>();
  private final List<Telemetry> telemetry = new CopyOnWriteArrayList<>();
  private volatile Instant runStart = Instant.EPOCH;

  @Test
  void badPackagesAreRefusedAndAGoodOneIsHotSwappedWithoutLosingAWindow() throws Exception {
    KeyPair keys = PackageFixtures.keys();
    Path trusted = dir.resolve("trusted.pub.pem");
    Ed25519Pem.write(keys.getPublic(), trusted);
    Path v100 = PackageFixtures.copy(dir.resolve("pkg-1.0.0"), keys, "1.0.0", g -> {});
    PackageRelease good = release(pkg("1.1.0", keys), keys);
    KeyPair stranger = PackageFixtures.keys();
    PackageRelease badSignature = release(pkg("1.2.0", stranger), stranger);
    Path tamperedDir = pkg("1.3.0", keys);
    byte[] model = Files.readAllBytes(tamperedDir.resolve("model.onnx"));
    model[model.length / 2] ^= 0x55;
    Files.write(tamperedDir.resolve("model.onnx"), model);
    byte[] tampered = PackageArchive.pack(tamperedDir);
    PackageRelease badModelHash =
        new PackageRelease(announce(tamperedDir, tampered, ModelManifest.Mode.ACTIVE), tampered);
    PackageRelease wrongBytes = release(pkg("1.3.1", keys), keys);
    byte[] otherBytes = good.archive();
    PackageRelease failsSelfTest =
        release(
            PackageFixtures.copy(
                dir.resolve("pkg-1.4.0"), keys, "1.4.0", PackageFixtures::swapFirstClasses),
            keys);

    List<FleetPlan.Vehicle> plan = AgentTestKit.testPlan();
    String fleet = plan.get(0).fleetId();
    DeviceAddress first = new DeviceAddress(fleet, plan.get(0).vehicleId());

    // The same drive with no update at all: what every window and event must still be.
    clearAnnouncement(fleet);
    FleetRuntime.Report reference =
        run(config(dir.resolve("reference"), v100, trusted), new SimulatedPacer());
    List<String> referenceEvents = shapes(events);
    events.clear();
    telemetry.clear();

    SimulatedPacer pacer = new SimulatedPacer();
    try (ReconnectingMqttClient cloud = cloud("cloud-rollout")) {
      pacer.at(
          Duration.ofMinutes(1),
          () -> expectRefusal(cloud, fleet, badSignature, badSignature.archive(), "signature"));
      pacer.at(
          Duration.ofMinutes(2),
          () -> expectRefusal(cloud, fleet, badModelHash, tampered, "does not match the manifest"));
      pacer.at(
          Duration.ofMinutes(3),
          () ->
              expectRefusal(cloud, fleet, wrongBytes, otherBytes, "does not match the announced"));
      pacer.at(
          Duration.ofMinutes(4),
          () -> expectRefusal(cloud, fleet, failsSelfTest, failsSelfTest.archive(), "self-test"));
      pacer.at(
          Duration.ofMinutes(5),
          () -> {
            roll(cloud, fleet, good.as(ModelManifest.Mode.SHADOW), good.archive());
            awaitUpdate(UpdateState.SHADOW, "1.1.0");
            assertThat(status.values())
                .allMatch(s -> s.modelVersion().equals(Optional.of("1.0.0")));
          });
      pacer.at(
          Duration.ofMinutes(7),
          () -> {
            roll(cloud, fleet, good.as(ModelManifest.Mode.ACTIVE), null);
            awaitUpdate(UpdateState.ACTIVE, "1.1.0");
            assertThat(detail()).contains("promoted from shadow");
          });
      pacer.at(
          Duration.ofMinutes(9),
          () -> {
            command(cloud, first, Command.Type.ROLLBACK_MODEL);
            command(cloud, first, Command.Type.ROLLBACK_MODEL); // a redelivery runs once
            awaitUpdate(UpdateState.ACTIVE, "1.0.0");
            assertThat(detail()).contains("rolled back from 1.1.0");
          });
      Path data = dir.resolve("agent");
      FleetRuntime.Report report = run(config(data, v100, trusted), pacer);

      assertThat(pacer.fired()).as("every step happened during the drive").isEqualTo(7);
      assertThat(report.windows()).as("windows scored").isEqualTo(reference.windows());
      assertThat(shapes(events)).as("events found").isEqualTo(referenceEvents);
      // Per vehicle, in the order found: 1.0.0, then 1.1.0 after the swap, then 1.0.0 again.
      assertThat(versionRuns(events))
          .allSatisfy(r -> assertThat(isPartOf(r, List.of("1.0.0", "1.1.0", "1.0.0"))).isTrue());
      assertThat(events).anyMatch(e -> e.modelVersion().equals("1.1.0"));
      List<Telemetry.Shadow> shadows =
          telemetry.stream().flatMap(t -> t.shadow().stream()).toList();
      assertThat(shadows).isNotEmpty();
      assertThat(shadows)
          .allSatisfy(
              s -> {
                assertThat(s.modelVersion()).isEqualTo("1.1.0");
                // the same network under another version: it agrees on every window and event
                assertThat(s.agreeingWindows()).isEqualTo(s.windows()).isPositive();
                // (the shadow's decoder starts afresh, so an event under way may count once)
                assertThat(s.shadowEvents()).isCloseTo(s.activeEvents(), within(1L));
              });

      // Restart: the rolled-back package is still announced, and stays refused.
      run(
          config(data, v100, trusted, "agent.run-for", "20s"),
          pausedUntil(
              () -> {
                awaitUpdate(UpdateState.ACTIVE, "1.0.0");
                pause(Duration.ofSeconds(2)); // time to hear the retained announcement again
              }));
      assertThat(status.get(first.vehicleId()).modelVersion()).contains("1.0.0");
      UpdateRecord record =
          AtomicJsonFile.read(
              data.resolve("models/state").resolve(fleet).resolve("_fleet.json"),
              UpdateRecord.class);
      assertThat(record.blocked()).containsKey(good.announcement().sha256());

      // An announced package that has not arrived when the agent stops is fetched after a restart.
      PackageRelease next = release(pkg("1.5.0", keys), keys);
      cloud.publish(Topics.fleetModel(fleet), codec.encode(next.announcement()), 1, true).get();
      run(
          config(data, v100, trusted, "agent.run-for", "20s"),
          pausedUntil(() -> awaitUpdate(UpdateState.DOWNLOADING, "1.5.0")));
      cloud
          .publish(
              Topics.modelPackage(fleet, next.announcement().sha256()), next.archive(), 1, true)
          .get();
      run(
          config(data, v100, trusted, "agent.run-for", "20s"),
          pausedUntil(() -> awaitUpdate(UpdateState.ACTIVE, "1.5.0")));
      assertThat(status.get(first.vehicleId()).modelVersion()).contains("1.5.0");
      clearAnnouncement(fleet);
    }
  }

  /** A simulated pacer that holds the fleet one second into the drive until {@code step} ends. */
  private static SimulatedPacer pausedUntil(Runnable step) {
    SimulatedPacer pacer = new SimulatedPacer();
    pacer.at(Duration.ofSeconds(1), step);
    return pacer;
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Runs the agent; statuses of earlier runs (retained) are not counted. */
  private FleetRuntime.Report run(AgentConfig config, SimulatedPacer pacer) throws Exception {
    status.clear();
    runStart = Instant.now();
    ReconnectingMqttClient listener = cloud("cloud-listener");
    try (listener) {
      FleetRuntime.Report report =
          new AgentRuntime(config, Clock.systemUTC(), new PrintStream(System.out), pacer).run();
      AgentTestKit.await(
          () ->
              events.size() >= report.events()
                  && status.size() == 3
                  && status.values().stream()
                      .allMatch(s -> s.state() == DeviceStatus.State.OFFLINE),
          WAIT,
          "every event and the offline statuses");
      return report;
    }
  }

  private ReconnectingMqttClient cloud(String clientId) throws Exception {
    ReconnectingMqttClient c =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(MQTT.serverUri(), clientId)
                .withCredentials(MqttBrokerExtension.SERVICE_USER, MQTT.servicePassword()),
            m -> {
              try {
                switch (Topics.parse(m.topic()).orElseThrow().channel()) {
                  case EVENTS -> events.add(codec.decode(m.payload(), SafetyEvent.class));
                  case TELEMETRY -> telemetry.add(codec.decode(m.payload(), Telemetry.class));
                  case STATUS -> {
                    DeviceStatus s = codec.decode(m.payload(), DeviceStatus.class);
                    if (!s.deviceTime().isBefore(runStart)) {
                      status.put(s.vehicleId(), s);
                    }
                  }
                  default -> {}
                }
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    if (clientId.equals("cloud-listener")) {
      for (Channel channel : List.of(Channel.EVENTS, Channel.TELEMETRY, Channel.STATUS)) {
        c.subscribe(Topics.allVehicles(channel), 1);
      }
    }
    return c;
  }

  private AgentConfig config(Path data, Path pkg, Path key, String... more) throws Exception {
    Map<String, String> set = new HashMap<>();
    set.put("agent.scenario", AgentTestKit.TEST_SCENARIO.toString());
    set.put("agent.realtime", "true");
    set.put("agent.data-dir", data.toString());
    set.put("model.package", pkg.toString());
    set.put("model.public-key", key.toString());
    set.put("model.retry-interval", "1s");
    set.put("mqtt.server", MQTT.serverUri());
    set.put("mqtt.username", MqttBrokerExtension.SERVICE_USER);
    set.put("telemetry.interval", "60s");
    set.put("metrics.port", "0");
    for (int i = 0; i < more.length; i += 2) {
      set.put(more[i], more[i + 1]);
    }
    return AgentConfig.load(
        Optional.empty(), Map.of("VIGIL_AGENT_MQTT_PASSWORD", MQTT.servicePassword()), set);
  }

  private Path pkg(String version, KeyPair keys) throws Exception {
    return PackageFixtures.copy(dir.resolve("pkg-" + version), keys, version, g -> {});
  }

  private static PackageRelease release(Path pkg, KeyPair keys) throws Exception {
    return PackageRelease.of(pkg, keys.getPublic(), ModelManifest.Mode.ACTIVE);
  }

  private static ModelManifest announce(Path pkg, byte[] archive, ModelManifest.Mode mode)
      throws Exception {
    return new ModelManifest(
        "vigil-driving",
        "1.3.0",
        Optional.empty(),
        ModelPackage.sha256(archive),
        archive.length,
        Files.readString(pkg.resolve(ModelPackage.SIGNATURE)).strip(),
        Instant.parse("2026-11-23T00:00:00Z"),
        mode);
  }

  /** Publishes the package bytes (if given) and then the announcement, both retained. */
  private void roll(ReconnectingMqttClient cloud, String fleet, PackageRelease r, byte[] bytes) {
    try {
      if (bytes != null) {
        cloud.publish(Topics.modelPackage(fleet, r.announcement().sha256()), bytes, 1, true).get();
      }
      cloud.publish(Topics.fleetModel(fleet), codec.encode(r.announcement()), 1, true).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void expectRefusal(
      ReconnectingMqttClient cloud, String fleet, PackageRelease r, byte[] bytes, String why) {
    roll(cloud, fleet, r, bytes);
    awaitUpdate(UpdateState.FAILED, r.announcement().version());
    assertThat(detail()).contains(why);
    assertThat(status.values()).allMatch(s -> s.modelVersion().equals(Optional.of("1.0.0")));
  }

  private void command(ReconnectingMqttClient cloud, DeviceAddress to, Command.Type type) {
    Command c =
        new Command(UUID.nameUUIDFromBytes(type.name().getBytes()), Instant.now(), type, Map.of());
    try {
      cloud.publish(Topics.command(to), codec.encode(c), 1, false).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void clearAnnouncement(String fleet) throws Exception {
    try (ReconnectingMqttClient c = cloud("cloud-clear")) {
      c.publish(Topics.fleetModel(fleet), new byte[0], 1, true).get();
    }
  }

  private void awaitUpdate(UpdateState state, String version) {
    try {
      AgentTestKit.await(
          () ->
              status.size() == 3
                  && status.values().stream()
                      .allMatch(
                          s ->
                              s.modelUpdate()
                                  .filter(
                                      u ->
                                          u.state() == state
                                              && u.version().equals(Optional.of(version)))
                                  .isPresent()),
          WAIT,
          "every vehicle reports " + state + " " + version);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private String detail() {
    return status.values().iterator().next().modelUpdate().orElseThrow().detail().orElse("");
  }

  /** What an event is, apart from ids, times and model version (these differ between runs). */
  private static List<String> shapes(List<SafetyEvent> events) {
    Map<UUID, SafetyEvent> once = new java.util.LinkedHashMap<>();
    events.forEach(e -> once.putIfAbsent(e.eventId(), e)); // a QoS 1 redelivery counts once
    return once.values().stream()
        .sorted(Comparator.comparing(SafetyEvent::vehicleId).thenComparing(SafetyEvent::sequence))
        .map(
            e ->
                e.vehicleId()
                    + " "
                    + e.type()
                    + " "
                    + e.direction()
                    + " "
                    + e.severity()
                    + " "
                    + e.durationMs())
        .toList();
  }

  /** Whether {@code runs} is {@code pattern} with some of its items left out. */
  private static boolean isPartOf(List<String> runs, List<String> pattern) {
    int p = 0;
    for (String r : runs) {
      while (p < pattern.size() && !pattern.get(p).equals(r)) {
        p++;
      }
      if (p == pattern.size()) {
        return false;
      }
      p++;
    }
    return true;
  }

  /** Per vehicle, the model versions of its events in order, with repeats collapsed. */
  private static List<List<String>> versionRuns(List<SafetyEvent> events) {
    Map<String, List<String>> runs = new HashMap<>();
    events.stream()
        .sorted(Comparator.comparing(SafetyEvent::sequence))
        .forEach(
            e -> {
              List<String> r = runs.computeIfAbsent(e.vehicleId(), v -> new ArrayList<>());
              if (r.isEmpty() || !r.get(r.size() - 1).equals(e.modelVersion())) {
                r.add(e.modelVersion());
              }
            });
    return List.copyOf(runs.values());
  }
}
