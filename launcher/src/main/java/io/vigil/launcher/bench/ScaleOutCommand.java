package io.vigil.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.brokers.FreePort;
import io.vigil.brokers.mosquitto.MosquittoBroker;
import io.vigil.cloud.app.CloudApplication;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.ingest.KafkaForwarder;
import io.vigil.launcher.CloudAccess;
import io.vigil.launcher.VigilCommand;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.json.ProtocolCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench-scale-out}: the cloud service scaled out over processes on one machine, with
 * failures. Debian's mosquitto carries MQTT; Kafka is the brokers module's, standalone in its own
 * JVM ({@code vigil dev-stack --only kafka}); two ingest instances and two processor/API instances
 * run as separate JVMs. A simulated fleet publishes QoS 1 events at a fixed rate; midway one ingest
 * and one processor instance are killed with SIGKILL and, like an orchestrator would, started again
 * a little later. The run passes when every vehicle's events are counted exactly once (nothing
 * lost, nothing twice), both API instances give the same answers for every vehicle and the whole
 * fleet, the survivors carried on alone while the others were down, and nothing went to the dead
 * letters. Writes a Markdown report.
 */
@Command(
    name = "bench-scale-out",
    mixinStandardHelpOptions = true,
    description = {
      "Scale-out check: mosquitto, a standalone Kafka, 2 ingest and 2 processor/API JVMs, a",
      "simulated fleet; one instance of each kind killed (SIGKILL) mid-run and restarted.",
      "Exit 0 when every event is counted exactly once and every instance answers."
    })
public final class ScaleOutCommand implements Callable<Integer> {

  @Option(
      names = "--vehicles",
      descriptionKey = "bench-scale-out.vehicles",
      description = "Vehicles in the simulated fleet (default: ${DEFAULT-VALUE}).")
  int vehicles = 1_000;

  @Option(
      names = "--events-per-vehicle",
      descriptionKey = "bench-scale-out.events-per-vehicle",
      description = "Safety events each vehicle publishes (default: ${DEFAULT-VALUE}).")
  int eventsPerVehicle = 6;

  @Option(
      names = "--rate",
      descriptionKey = "bench-scale-out.rate",
      description =
          "Events/s the fleet publishes, all vehicles together (default: ${DEFAULT-VALUE}).")
  int rate = 100;

  @Option(
      names = "--kill-after",
      descriptionKey = "bench-scale-out.kill-after",
      description =
          "Seconds after publishing starts when one ingest and one processor instance are killed"
              + " (default: ${DEFAULT-VALUE}).")
  int killAfter = 15;

  @Option(
      names = "--restart-after",
      descriptionKey = "bench-scale-out.restart-after",
      description = "Seconds the killed instances stay down (default: ${DEFAULT-VALUE}).")
  int restartAfter = 30;

  @Option(
      names = "--report-dir",
      descriptionKey = "bench-scale-out.report-dir",
      description = "Where the report goes (default: ${DEFAULT-VALUE}).")
  Path reportDir = Path.of("target", "bench");

  private static final String FLEET = "scale";
  private static final int PUBLISHERS = 4;
  private static final int SESSION_TIMEOUT_SECONDS = 10;

  @Override
  public Integer call() throws Exception {
    long total = (long) vehicles * eventsPerVehicle;
    if (vehicles < 1
        || eventsPerVehicle < 1
        || rate < 1
        || killAfter < 1
        || restartAfter < 0
        || total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "--vehicles, --events-per-vehicle, --rate and --kill-after must be ≥ 1, --restart-after"
              + " ≥ 0");
    }
    if ((double) total / rate <= killAfter) {
      throw new IllegalArgumentException(
          String.format(
              "the kill must fall inside the run: %,d events at %d/s take %.0f s, --kill-after is"
                  + " %d s",
              total, rate, (double) total / rate, killAfter));
    }
    Path dir = Files.createTempDirectory("vigil-scale-out");
    Path logs = reportDir.resolve("scale-out-logs");
    System.out.printf(
        "Scale-out run: %,d vehicles × %d events at %d events/s; logs in %s%n",
        vehicles, eventsPerVehicle, rate, logs.toAbsolutePath());
    List<ChildJvm> jvms = new ArrayList<>();
    try (MosquittoBroker mqtt = MosquittoBroker.start(dir.resolve("mqtt"))) {
      System.out.println(
          "1/5 brokers: mosquitto at " + mqtt.serverUri() + ", Kafka in its own JVM");
      int kafkaPort = FreePort.orPick(0);
      ChildJvm kafka =
          ChildJvm.start(
              "kafka",
              VigilCommand.class.getName(),
              "1g",
              Map.of(),
              List.of(
                  "dev-stack",
                  "--only",
                  "kafka",
                  "--kafka-port",
                  Integer.toString(kafkaPort),
                  "--kafka-controller-port",
                  Integer.toString(FreePort.orPick(0)),
                  "--data-dir",
                  dir.resolve("kafka").toString()),
              logs);
      jvms.add(kafka);
      kafka.awaitLine("bootstrap.servers=", Duration.ofMinutes(2));
      String kafkaServers = "127.0.0.1:" + kafkaPort;

      System.out.println("2/5 cloud service: 2 ingest and 2 processor/API instances, one JVM each");
      Map<String, Object> common = new HashMap<>();
      common.put("vigil.kafka.bootstrap-servers", kafkaServers);
      common.put("vigil.mqtt.server", mqtt.serverUri());
      // mosquitto here admits anyone on loopback; ingest still needs a password to start.
      common.put("vigil.mqtt.password", "scale-out");
      // Partitions of a dead instance move after this long.
      common.put("vigil.kafka.session-timeout", SESSION_TIMEOUT_SECONDS + "s");
      common.put("logback.configurationFile", "vigil-logback.xml");
      Map<String, Object> access = CloudAccess.serviceProperties(dir.resolve("cloud"));
      List<Instance> ingest = new ArrayList<>();
      List<Instance> processors = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        ingest.add(startIngest(i, common, logs));
        processors.add(startProcessor(i, common, access, dir, logs));
      }
      ingest.forEach(x -> jvms.add(x.jvm()));
      processors.forEach(x -> jvms.add(x.jvm()));
      for (Instance x : concat(ingest, processors)) {
        ServiceProbe.awaitReady(x.url(), Duration.ofMinutes(3));
      }

      String password =
          CloudAccess.addUser(dir.resolve("cloud"), "scale-viewer", FLEET, Role.VIEWER);
      String token = CloudAccess.login(processors.get(1).url(), "scale-viewer", password);
      Clock clock = Clock.systemUTC();
      EventLoad load = new EventLoad(9, FLEET, vehicles, new ProtocolCodec(clock), clock);
      List<ReconnectingMqttClient> publishers = new ArrayList<>();
      for (int p = 0; p < PUBLISHERS; p++) {
        publishers.add(
            ReconnectingMqttClient.connect(
                MqttClientSettings.of(mqtt.serverUri(), "scale-publisher-" + p)
                    .withCleanStart(true)));
      }

      System.out.printf(
          "3/5 the fleet publishes %,d events; at %d s ingest-1 and processor-1 are killed%n",
          total, killAfter);
      Instance survivor = processors.get(1);
      String fleetScore = survivor.url() + "/api/v1/fleets/" + FLEET + "/score?days=2";
      AtomicLong counted = new AtomicLong();
      AtomicReference<Exception> publishFailure = new AtomicReference<>();
      long start = System.nanoTime();
      Thread publisher =
          new Thread(
              () -> {
                try {
                  load.publish(publishers, 0, (int) total, rate, start);
                } catch (Exception e) {
                  publishFailure.set(e);
                }
              },
              "scale-out-fleet");
      Outage outage;
      double allCountedSeconds;
      try (ProgressLine progress = new ProgressLine("counted", total, counted::get)) {
        publisher.start();
        double killedAt = -1;
        double restartedAt = -1;
        double lastGrowth = -1;
        double stallSince = -1;
        double longestStall = 0;
        long countAtKill = 0;
        long countBeforeRestart = 0;
        int polls = 0;
        int answered = 0;
        while (publisher.isAlive() || restartedAt < 0) {
          double t = seconds(start);
          if (killedAt < 0 && t >= killAfter) {
            countAtKill = counted.get();
            ingest.get(0).jvm().kill();
            processors.get(0).jvm().kill();
            killedAt = seconds(start);
            stallSince = killedAt;
          } else if (killedAt >= 0 && restartedAt < 0 && t >= killAfter + restartAfter) {
            countBeforeRestart = counted.get();
            ingest.get(0).jvm().restart();
            processors.get(0).jvm().restart();
            restartedAt = seconds(start);
          }
          long c = ServiceProbe.countedEvents(fleetScore, token);
          if (killedAt >= 0 && restartedAt < 0) {
            polls++;
            double now = seconds(start);
            if (c >= 0) {
              answered++;
            }
            if (c > Math.max(counted.get(), countAtKill)) {
              longestStall = Math.max(longestStall, now - stallSince);
              stallSince = now;
              lastGrowth = now - killedAt;
            }
          }
          if (c >= 0) {
            counted.set(c);
          }
          Thread.sleep(500);
        }
        if (publishFailure.get() != null) {
          throw publishFailure.get();
        }
        double publishedAt = seconds(start);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (counted.get() < total && System.nanoTime() < deadline) {
          long c = ServiceProbe.countedEvents(fleetScore, token);
          if (c >= 0) {
            counted.set(c);
          }
          Thread.sleep(250);
        }
        allCountedSeconds = seconds(start) - publishedAt;
        outage =
            new Outage(
                killedAt,
                restartedAt,
                countAtKill,
                countBeforeRestart,
                polls,
                answered,
                longestStall,
                lastGrowth);
      } finally {
        publishers.forEach(ReconnectingMqttClient::close);
      }

      System.out.println("4/5 the restarted instances rejoin; every instance is asked");
      for (Instance x : concat(ingest, processors)) {
        ServiceProbe.awaitReady(x.url(), Duration.ofMinutes(3));
      }
      // A second look after a few commit intervals: more than `total` would be a double count.
      Thread.sleep(3_000);
      List<Answers> answers = new ArrayList<>();
      for (Instance x : processors) {
        answers.add(ask(x, token, load, total));
      }
      long deadLetters = deadLetters(kafkaServers);

      System.out.println("5/5 report");
      String report = report(total, outage, allCountedSeconds, answers, deadLetters);
      BenchmarkReport.publish(reportDir, "scale-out-latest.md", report);
      boolean pass =
          deadLetters == 0
              && outage.carriedOn()
              && answers.stream().allMatch(a -> a.exact(total, vehicles, eventsPerVehicle));
      return pass ? 0 : 1;
    } finally {
      for (int i = jvms.size() - 1; i >= 0; i--) {
        jvms.get(i).close();
      }
      deleteRecursively(dir); // the brokers' data; the logs stay in the report directory
    }
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** An instance of the cloud service in its own JVM, and its base URL. */
  private record Instance(ChildJvm jvm, String url) {}

  /**
   * What happened while the killed instances were down.
   *
   * @param countAtKill events the survivor's API counted just before the kill
   * @param countBeforeRestart events it counted at the end of the outage
   * @param polls fleet-score requests to the survivor during the outage
   * @param answered those it answered (it may not while partitions move)
   * @param longestStall the longest time its count stood still (partitions moving)
   * @param lastGrowth when its count last grew, seconds after the kill (-1: never)
   */
  private record Outage(
      double killedAt,
      double restartedAt,
      long countAtKill,
      long countBeforeRestart,
      int polls,
      int answered,
      double longestStall,
      double lastGrowth) {

    /**
     * The survivors carried on alone: the count still grew well after the dead instance's
     * partitions must have moved (the session timeout).
     */
    boolean carriedOn() {
      return lastGrowth > SESSION_TIMEOUT_SECONDS + 2;
    }
  }

  /**
   * One API instance's answers at the end.
   *
   * @param fleetCount events the fleet score counts
   * @param vehiclesExact vehicles whose own score counts exactly their events
   * @param listed events its search listed, page by page
   * @param distinct distinct event ids among them
   * @param pages pages of the search
   */
  private record Answers(
      String instance, long fleetCount, int vehiclesExact, long listed, long distinct, int pages) {
    boolean exact(long total, int vehicles, int perVehicle) {
      return fleetCount == total
          && vehiclesExact == vehicles
          && listed == total
          && distinct == total;
    }
  }

  private Instance startIngest(int i, Map<String, Object> common, Path logs) throws Exception {
    int port = FreePort.orPick(0);
    Map<String, Object> p = new HashMap<>(common);
    p.put("micronaut.server.port", port);
    p.put("vigil.roles.processor", false);
    p.put("vigil.roles.api", false);
    p.put("vigil.mqtt.client-id", "scale-ingest-" + i);
    return new Instance(
        ChildJvm.start("ingest-" + i, CloudApplication.class.getName(), "512m", p, List.of(), logs),
        "http://127.0.0.1:" + port);
  }

  private Instance startProcessor(
      int i, Map<String, Object> common, Map<String, Object> access, Path dir, Path logs)
      throws Exception {
    int port = FreePort.orPick(0);
    Map<String, Object> p = new HashMap<>(common);
    p.putAll(access);
    p.put("micronaut.server.port", port);
    p.put("vigil.roles.ingest", false);
    p.put("vigil.kafka.state-dir", dir.resolve("streams-" + i).toString());
    p.put("vigil.kafka.application-server", "127.0.0.1:" + port);
    return new Instance(
        ChildJvm.start(
            "processor-" + i, CloudApplication.class.getName(), "768m", p, List.of(), logs),
        "http://127.0.0.1:" + port);
  }

  /** Fleet score, every vehicle's score and the whole event search, from one instance. */
  private Answers ask(Instance x, String token, EventLoad load, long total) throws Exception {
    String base = x.url() + "/api/v1/fleets/" + FLEET;
    // A restarted instance takes partitions back and restores them; meanwhile the API answers 503
    // for what moves. Exactly-once counts never drift, so asking again until the deadline can only
    // turn "not available yet" into the final answer, never hide a double count.
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    long fleetCount = awaitCount(base + "/score?days=2", token, total, deadline);
    int exact = 0;
    for (int v = 0; v < vehicles; v++) {
      String vehicle = load.device(v).vehicleId();
      if (awaitCount(
              base + "/vehicles/" + vehicle + "/score?days=2", token, eventsPerVehicle, deadline)
          == eventsPerVehicle) {
        exact++;
      }
    }
    long listed = 0;
    Set<String> ids = new HashSet<>();
    int pages = 0;
    String cursor = "";
    while (cursor != null) {
      JsonNode page = ServiceProbe.get(base + "/events?limit=500" + cursor, token);
      if (page == null) {
        throw new IllegalStateException(x.jvm().name() + " did not answer the event search");
      }
      pages++;
      for (JsonNode e : page.path("events")) {
        listed++;
        ids.add(e.path("eventId").asText());
      }
      cursor =
          page.path("next").isTextual()
              ? "&cursor=" + java.net.URLEncoder.encode(page.path("next").asText(), "UTF-8")
              : null;
    }
    return new Answers(x.jvm().name(), fleetCount, exact, listed, ids.size(), pages);
  }

  private String report(
      long total, Outage outage, double allCountedSeconds, List<Answers> answers, long dead) {
    StringBuilder b = new StringBuilder();
    b.append("# Scale-out run: separate processes, one of each instance type killed\n\n");
    b.append(BenchmarkReport.runLine())
        .append(" MQTT: mosquitto (Debian); Kafka: the brokers module's, standalone in its own JVM")
        .append(" (KRaft, 6 partitions); 2 ingest and 2 processor/API instances, one JVM each;")
        .append(
            " the fleet's publishers and the checks in this JVM; everything on this machine.\n\n");
    b.append(
        String.format(
            "Load: %,d vehicles × %d safety events (4 KB each) = %,d events, QoS 1 over %d"
                + " connections at %d events/s.%n%n",
            vehicles, eventsPerVehicle, total, PUBLISHERS, rate));
    b.append("| moment | s after the first publish |\n|---|---:|\n");
    b.append(
        String.format("| ingest-1 and processor-1 killed (SIGKILL) | %.1f |%n", outage.killedAt()));
    b.append(String.format("| both started again | %.1f |%n", outage.restartedAt()));
    b.append(
        String.format(
            "| every event counted | %.1f after the last publish |%n%n", allCountedSeconds));
    b.append(
        String.format(
            "While they were down, processor-2's API answered %d of %d fleet-score requests (one"
                + " every 0.5 s; not while the dead instance's partitions move, after"
                + " vigil.kafka.session-timeout = %d s here); its count went from %,d to %,d,"
                + " stood still for at most %.1f s, and last grew %.1f s after the kill.%n%n",
            outage.answered(),
            outage.polls(),
            SESSION_TIMEOUT_SECONDS,
            outage.countAtKill(),
            outage.countBeforeRestart(),
            outage.longestStall(),
            outage.lastGrowth()));
    b.append(
        "| API instance | fleet score counts | vehicles counted exactly | search lists | distinct"
            + " ids | pages |\n|---|---:|---:|---:|---:|---:|\n");
    for (Answers a : answers) {
      b.append(
          String.format(
              "| %s | %,d | %,d of %,d | %,d | %,d | %d |%n",
              a.instance(),
              a.fleetCount(),
              a.vehiclesExact(),
              vehicles,
              a.listed(),
              a.distinct(),
              a.pages()));
    }
    boolean exact = answers.stream().allMatch(a -> a.exact(total, vehicles, eventsPerVehicle));
    b.append('\n');
    b.append(
        String.format(
            "- No loss, no double count (every instance: fleet, each vehicle, the search): %s%n",
            exact ? "yes" : "NO"));
    b.append(String.format("- Dead letters: %d%n", dead));
    b.append(
        String.format(
            "- The survivors carried on alone during the outage (counting after the partitions"
                + " moved): %s%n",
            outage.carriedOn() ? "yes" : "NO"));
    return b.toString();
  }

  /** The count at {@code url} once it is {@code want}, or the last one seen at the deadline. */
  private static long awaitCount(String url, String token, long want, long deadlineNanos)
      throws InterruptedException {
    long c = ServiceProbe.countedEvents(url, token);
    while (c != want && System.nanoTime() < deadlineNanos) {
      Thread.sleep(250);
      c = ServiceProbe.countedEvents(url, token);
    }
    return c;
  }

  private static long deadLetters(String kafkaServers) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafkaServers))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(KafkaForwarder.DEAD_LETTERS))
          .allTopicNames()
          .get()
          .get(KafkaForwarder.DEAD_LETTERS)
          .partitions()
          .forEach(
              p ->
                  latest.put(
                      new TopicPartition(KafkaForwarder.DEAD_LETTERS, p.partition()),
                      OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().values().stream()
          .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
          .sum();
    }
  }

  private static List<Instance> concat(List<Instance> a, List<Instance> b) {
    List<Instance> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
