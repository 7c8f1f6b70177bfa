package io.vigil.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.cloud.TestCloud;
import io.vigil.cloud.TestEvents;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.protocol.EventType;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.json.ProtocolCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processor + API instances in separate JVMs on one Kafka. Each holds some partitions, yet
 * either answers for every vehicle (routed to the owner) and for the whole fleet (gathered from
 * both). One is killed with SIGKILL while events stream in (with redeliveries among them): the
 * other takes over its partitions, and every vehicle's final counts equal what was sent, exactly.
 */
class ScaleOutIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final Instant DAY = Instant.parse("2026-11-20T06:00:00Z");
  private static final int VEHICLES = 24;
  private static final int BEFORE = 10;
  private static final int DURING = 20;
  private static final EventType[] TYPES = {
    EventType.HARSH_BRAKING, EventType.HARSH_ACCELERATION, EventType.HARSH_CORNERING
  };

  @TempDir Path dir;

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private String token;
  private final List<Process> instances = new ArrayList<>();

  @AfterEach
  void stopInstances() throws IOException {
    instances.forEach(Process::destroyForcibly);
    // The instances' logs outlive the temporary directory, for a look after a failure.
    Path keep = Files.createDirectories(Path.of("target", "scale-out-logs"));
    for (String name : List.of("a", "b")) {
      if (Files.exists(dir.resolve(name + ".log"))) {
        Files.copy(
            dir.resolve(name + ".log"),
            keep.resolve(name + ".log"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  void eitherInstanceAnswersForEveryVehicleAndTheSurvivorOfAKillCountsEverythingOnce()
      throws Exception {
    String a = start("a");
    String b = start("b");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            KAFKA.clientConfig(
                Map.of(
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.ACKS_CONFIG,
                    "all")),
            new StringSerializer(),
            new ByteArraySerializer())) {
      Map<String, Map<String, Long>> expected = new TreeMap<>();
      for (int v = 0; v < VEHICLES; v++) {
        Telemetry trip =
            TestEvents.trip(
                "acme",
                vehicle(v),
                "d-" + v,
                "trip-1",
                100_000,
                Telemetry.TripState.DRIVING,
                DAY.plusSeconds(7200));
        send(producer, SafetyTopology.TELEMETRY, vehicle(v), codec.encode(trip));
        for (int i = 0; i < BEFORE; i++) {
          send(producer, event(v, i, expected));
        }
      }
      producer.flush();

      // Both instances answer for every vehicle, whichever holds it, and for the whole fleet.
      for (String instance : List.of(a, b)) {
        for (int v = 0; v < VEHICLES; v++) {
          Map<String, Long> want = expected.get(vehicle(v));
          assertThat(counts(await(instance, scoreOf(v), r -> counts(r).equals(want))))
              .isEqualTo(want);
        }
        JsonNode board =
            json.readTree(get(instance + "/leaderboard/vehicles?days=1&to=2026-11-20").body());
        assertThat(board.path("total").asInt()).isEqualTo(VEHICLES);
        JsonNode page = json.readTree(get(instance + "/events?limit=500").body());
        assertThat(page.path("events")).hasSize(VEHICLES * BEFORE);
      }

      // More events stream in, some of them twice (redeliveries); instance A dies midway.
      Process victim = instances.get(0);
      for (int i = BEFORE; i < BEFORE + DURING; i++) {
        for (int v = 0; v < VEHICLES; v++) {
          ProducerRecord<String, byte[]> r = event(v, i, expected);
          send(producer, r);
          if (i % 4 == 0) {
            send(producer, r);
          }
        }
        producer.flush();
        if (i == BEFORE + DURING / 2) {
          victim.destroyForcibly(); // SIGKILL
          assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Thread.sleep(100);
      }

      long total = expected.values().stream().mapToLong(m -> sum(m)).sum();
      assertThat(total).isEqualTo((long) VEHICLES * (BEFORE + DURING));
      JsonNode fleet = await(b, "/score?days=1&to=2026-11-20", r -> sum(counts(r)) == total);
      assertThat(fleet.path("distanceKm").asDouble()).isEqualTo(VEHICLES * 100.0);
      for (int v = 0; v < VEHICLES; v++) {
        Map<String, Long> want = expected.get(vehicle(v));
        assertThat(counts(await(b, scoreOf(v), r -> counts(r).equals(want)))).isEqualTo(want);
      }
      // The survivor lists every event once, a page of 100 at a time.
      List<String> listed = new ArrayList<>();
      String cursor = "";
      do {
        JsonNode page = json.readTree(get(b + "/events?limit=100" + cursor).body());
        page.path("events").forEach(e -> listed.add(e.path("eventId").asText()));
        cursor = page.path("next").isTextual() ? "&cursor=" + page.path("next").asText() : null;
      } while (cursor != null);
      assertThat(listed).hasSize((int) total).doesNotHaveDuplicates();
      System.out.printf(
          "scale-out: %d events for %d vehicles counted exactly once after SIGKILL of one of two"
              + " instances%n",
          total, VEHICLES);
    }
  }

  private ProducerRecord<String, byte[]> event(
      int v, int i, Map<String, Map<String, Long>> expected) {
    EventType type = TYPES[(v + i) % TYPES.length];
    SafetyEvent e = TestEvents.event("acme", vehicle(v), "d-" + v, type, DAY.plusSeconds(60L * i));
    expected
        .computeIfAbsent(vehicle(v), k -> new TreeMap<>())
        .merge(type.wireName(), 1L, Long::sum);
    return new ProducerRecord<>(SafetyTopology.EVENTS, "acme." + vehicle(v), codec.encode(e));
  }

  private static void send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> r)
      throws Exception {
    producer.send(r).get(30, TimeUnit.SECONDS);
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, String vehicle, byte[] value)
      throws Exception {
    send(producer, new ProducerRecord<>(topic, "acme." + vehicle, value));
  }

  private static String vehicle(int v) {
    return String.format("truck-%02d", v);
  }

  private static String scoreOf(int v) {
    return "/vehicles/" + vehicle(v) + "/score?days=1&to=2026-11-20";
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<String, Long> counts(JsonNode report) {
    Map<String, Long> out = new TreeMap<>();
    report
        .path("events")
        .fields()
        .forEachRemaining(f -> out.put(f.getKey(), f.getValue().asLong()));
    return out;
  }

  /** Starts an instance with the processor and API roles; returns its fleet API base URL. */
  private String start(String name) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    Map<String, String> props = new HashMap<>();
    props.put("micronaut.server.port", String.valueOf(port));
    props.put("vigil.roles.ingest", "false");
    props.put("vigil.kafka.bootstrap-servers", KAFKA.bootstrapServers());
    props.put("vigil.kafka.state-dir", dir.resolve(name).toString());
    // Partitions of a dead instance move after 6 s instead of 45 s.
    props.put("vigil.kafka.session-timeout", "6s");
    props.put("vigil.security.jwt-secret", TestCloud.JWT_SECRET);
    props.put("vigil.security.users-file", dir.resolve("users").toString());
    props.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CloudApplication.class.getName());
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    instances.add(p);
    String root = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("instance " + name + " exited:\n" + tail(log));
      }
      try {
        if (get(root + "/health/readiness").statusCode() == 200) {
          if (token == null) {
            token = TestCloud.token(root, dir.resolve("users"), "acme", Role.VIEWER);
          }
          return root + "/api/v1/fleets/acme";
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("instance " + name + " not ready in 120 s:\n" + tail(log));
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode await(String base, String path, java.util.function.Predicate<JsonNode> done)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get(base + path);
      last = r.statusCode() + " " + r.body();
      if (r.statusCode() == 200 && done.test(json.readTree(r.body()))) {
        return json.readTree(r.body());
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no expected answer from " + base + path + ": last " + last);
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
