package io.vigil.launcher.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.brokers.kafka.EmbeddedKafkaBroker;
import io.vigil.brokers.kafka.KafkaBrokerSettings;
import io.vigil.brokers.mosquitto.MosquittoBroker;
import io.vigil.brokers.mqtt.EmbeddedMqttBroker;
import io.vigil.brokers.mqtt.MqttBrokerSettings;
import io.vigil.cloud.app.IngestRole;
import io.vigil.cloud.ingest.IngestDecision;
import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.launcher.CloudAccess;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.auth.CredentialStore;
import io.vigil.protocol.auth.Identity;
import io.vigil.protocol.auth.PasswordHasher;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench-pipeline}: the cloud pipeline's load benchmark. In one run, on one broker: the
 * MQTT broker's own QoS 1 throughput with the 4 KB safety event (device connections → one shared
 * subscription), then the whole pipeline at full speed (MQTT → ingest → Kafka → Kafka Streams → a
 * score the API returns) and at a fixed rate, where the end-to-end latency from device publish to
 * score visible is measured. Writes a Markdown report.
 */
@Command(
    name = "bench-pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the cloud pipeline: events/s and publish-to-score latency.",
      "Starts Kafka (embedded) and an MQTT broker (Debian's mosquitto if installed, else the",
      "embedded HiveMQ), measures the broker alone, then the cloud service with all roles."
    })
public final class PipelineBenchmarkCommand implements Callable<Integer> {

  /** Which MQTT broker carries the load. */
  enum Broker {
    AUTO,
    MOSQUITTO,
    EMBEDDED
  }

  @Option(
      names = "--broker",
      descriptionKey = "bench-pipeline.broker",
      description =
          "auto, mosquitto or embedded (default: ${DEFAULT-VALUE}: mosquitto if installed).")
  Broker broker = Broker.AUTO;

  @Option(
      names = "--events",
      descriptionKey = "bench-pipeline.events",
      description = "Events in each full-speed run (default: ${DEFAULT-VALUE}).")
  int events = 60_000;

  @Option(
      names = "--warmup",
      descriptionKey = "bench-pipeline.warmup",
      description =
          "Untimed events sent first through broker and pipeline (default: ${DEFAULT-VALUE}).")
  int warmup = 10_000;

  @Option(
      names = "--vehicles",
      descriptionKey = "bench-pipeline.vehicles",
      description =
          "Vehicles the events come from (default: ${DEFAULT-VALUE}; embedded broker: one per publisher).")
  int vehicles = 1_000;

  @Option(
      names = "--publishers",
      descriptionKey = "bench-pipeline.publishers",
      description = "MQTT connections publishing (default: ${DEFAULT-VALUE}).")
  int publishers = 4;

  @Option(
      names = "--rate",
      descriptionKey = "bench-pipeline.rate",
      description =
          "Events/s of the fixed-rate run that measures latency; 0: 80% of the full-speed rate"
              + " (default: ${DEFAULT-VALUE}).")
  int rate = 0;

  @Option(
      names = "--rate-seconds",
      descriptionKey = "bench-pipeline.rate-seconds",
      description = "Length of the fixed-rate run in seconds (default: ${DEFAULT-VALUE}).")
  int rateSeconds = 30;

  @Option(
      names = "--report-dir",
      descriptionKey = "bench-pipeline.report-dir",
      description = "Where the report goes (default: ${DEFAULT-VALUE}).")
  Path reportDir = Path.of("target", "bench");

  private static final String SERVICE_USER = "vigil-service";

  private CredentialStore credentials;
  private String servicePassword = PasswordHasher.newToken();
  private boolean mosquitto;
  private int runs = 1;

  @Override
  public Integer call() throws Exception {
    if (events < 1 || warmup < 0 || publishers < 1 || vehicles < 1 || rate < 0 || rateSeconds < 1) {
      throw new IllegalArgumentException(
          "--events, --publishers, --vehicles and --rate-seconds must be ≥ 1, --warmup and --rate"
              + " ≥ 0");
    }
    mosquitto =
        broker == Broker.MOSQUITTO
            || (broker == Broker.AUTO && MosquittoBroker.executable().isPresent());
    if (!mosquitto) {
      // The embedded broker enforces each device's own topics: one vehicle per connection.
      vehicles = publishers;
    }
    Clock clock = Clock.systemUTC();
    ProtocolCodec codec = new ProtocolCodec(clock);
    Path dir = Files.createTempDirectory("vigil-bench-pipeline");
    String brokerName;
    try (EmbeddedKafkaBroker kafka =
            new EmbeddedKafkaBroker(
                    KafkaBrokerSettings.defaults(dir.resolve("kafka")).withRandomPorts())
                .start();
        AutoCloseable mqttBroker = startMqtt(dir.resolve("mqtt"))) {
      String mqttUri = mqttUri(mqttBroker);
      brokerName = mosquitto ? "mosquitto (Debian)" : "HiveMQ CE (embedded)";
      System.out.printf(
          "Pipeline benchmark: %s at %s, Kafka at %s; %d publishers, %d vehicles%n",
          brokerName, mqttUri, kafka.bootstrapServers(), publishers, vehicles);

      Result brokerOnly = brokerAlone(mqttUri, codec, clock);
      Pipeline pipeline = pipeline(mqttUri, kafka.bootstrapServers(), dir, codec, clock);
      String report =
          report(
              brokerName,
              new EventLoad(0, "x", 1, codec, clock).payloadBytes(),
              brokerOnly,
              pipeline);
      BenchmarkReport.publish(reportDir, "pipeline-latest.md", report);
      return pipeline.exact() && brokerOnly.exact() ? 0 : 1;
    }
  }

  /**
   * A full-speed run.
   *
   * @param sent events sent
   * @param seconds from the first publish to the last event received (broker) or counted (API)
   * @param received distinct events received or counted
   * @param duplicates events received or counted more than once
   */
  record Result(long sent, double seconds, long received, long duplicates) {
    double perSecond() {
      return sent / seconds;
    }

    boolean exact() {
      return received == sent && duplicates == 0;
    }
  }

  /**
   * The pipeline's runs.
   *
   * @param fullSpeed the full-speed run, counted through the score API
   * @param processorAlone events written straight to Kafka, counted through the score API: what the
   *     processor does without MQTT and ingest in front of it
   * @param paced the fixed-rate run
   * @param latencyNanos each paced event's publish-to-score latency, ascending
   * @param deadLetters messages ingest refused (should be none)
   */
  record Pipeline(
      Result fullSpeed,
      Result processorAlone,
      Result paced,
      long[] latencyNanos,
      long deadLetters) {
    boolean exact() {
      return fullSpeed.exact() && processorAlone.exact() && paced.exact() && deadLetters == 0;
    }
  }

  private AutoCloseable startMqtt(Path dir) throws IOException {
    if (mosquitto) {
      return MosquittoBroker.start(dir);
    }
    credentials = CredentialStore.inMemory();
    credentials.put(
        new Identity.Service(SERVICE_USER), servicePassword, PasswordHasher.TOKEN_ITERATIONS);
    return new EmbeddedMqttBroker(MqttBrokerSettings.defaults(dir).withPort(0), credentials)
        .start();
  }

  private static String mqttUri(AutoCloseable broker) {
    return broker instanceof MosquittoBroker m
        ? m.serverUri()
        : ((EmbeddedMqttBroker) broker).serverUri();
  }

  /** The publishers' connections: anonymous on mosquitto, one device identity each on HiveMQ. */
  /** A viewer's token for {@code fleet} (each run uses a fleet of its own). */
  private String token(String api, String fleet) throws Exception {
    String password =
        CloudAccess.addUser(usersDir, fleet + "-viewer", fleet, io.vigil.cloud.auth.Role.VIEWER);
    return CloudAccess.login(api, fleet + "-viewer", password);
  }

  private List<ReconnectingMqttClient> connect(String mqttUri, String fleet) throws Exception {
    List<ReconnectingMqttClient> out = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      MqttClientSettings s;
      if (mosquitto) {
        s = MqttClientSettings.of(mqttUri, fleet + "-publisher-" + p);
      } else {
        DeviceAddress device = new DeviceAddress(fleet, String.format("vehicle-%05d", p));
        s =
            MqttClientSettings.of(mqttUri, device.clientId())
                .withCredentials(device.clientId(), credentials.issueDeviceToken(device));
      }
      out.add(ReconnectingMqttClient.connect(s.withCleanStart(true)));
    }
    return out;
  }

  private static void close(List<ReconnectingMqttClient> clients) {
    clients.forEach(ReconnectingMqttClient::close);
  }

  /** The broker's own QoS 1 throughput: publishers → one subscriber on a shared subscription. */
  private Result brokerAlone(String mqttUri, ProtocolCodec codec, Clock clock) throws Exception {
    String fleet = "baseline";
    EventLoad load = new EventLoad(1, fleet, vehicles, codec, clock);
    long total = (long) warmup + events;
    BitSet seen = new BitSet((int) total);
    AtomicLong received = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    AtomicLong lastNanos = new AtomicLong();
    MqttClientSettings sub =
        MqttClientSettings.of(mqttUri, "bench-subscriber").withCleanStart(true);
    if (!mosquitto) {
      sub = sub.withCredentials(SERVICE_USER, servicePassword);
    }
    System.out.println("1/3 MQTT broker alone: " + events + " events after " + warmup + " untimed");
    try (ReconnectingMqttClient subscriber =
        ReconnectingMqttClient.connect(
            sub,
            m -> {
              long k = EventLoad.sequenceOf(m.payload());
              if (k < 0) {
                return;
              }
              synchronized (seen) {
                if (seen.get((int) k)) {
                  duplicates.incrementAndGet();
                  return;
                }
                seen.set((int) k);
              }
              if (k >= warmup) {
                received.incrementAndGet();
                lastNanos.set(System.nanoTime());
              }
            })) {
      subscriber.subscribe(Topics.shared("bench", Channel.EVENTS), 1);
      List<ReconnectingMqttClient> pubs = connect(mqttUri, fleet);
      try {
        load.publish(pubs, 0, warmup, 0, System.nanoTime());
        awaitCount(() -> seen.cardinality(), warmup, Duration.ofMinutes(5));
        long start = System.nanoTime();
        try (ProgressLine progress = new ProgressLine("broker alone", events, received::get)) {
          load.publish(pubs, warmup, events, 0, start);
          awaitCount(received::get, events, Duration.ofMinutes(10));
        }
        return new Result(
            events, (lastNanos.get() - start) / 1e9, received.get(), duplicates.get());
      } finally {
        close(pubs);
      }
    }
  }

  private Path usersDir;

  private Pipeline pipeline(
      String mqttUri, String kafkaServers, Path dir, ProtocolCodec codec, Clock clock)
      throws Exception {
    System.out.println("2/3 pipeline at full speed: starting the cloud service (all roles)");
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.server.port", -1);
    props.put("vigil.mqtt.server", mqttUri);
    props.put("vigil.mqtt.username", SERVICE_USER);
    props.put("vigil.mqtt.password", servicePassword);
    props.put("vigil.kafka.bootstrap-servers", kafkaServers);
    props.put("vigil.kafka.state-dir", dir.resolve("streams").toString());
    props.putAll(CloudAccess.serviceProperties(dir.resolve("cloud")));
    usersDir = dir.resolve("cloud");
    try (ApplicationContext cloud = ApplicationContext.run(props)) {
      EmbeddedServer server = cloud.getBean(EmbeddedServer.class);
      server.start();
      String api = "http://127.0.0.1:" + server.getPort();
      ServiceProbe.awaitReady(api, Duration.ofMinutes(2));

      if (warmup > 0) {
        System.out.println("  warming up with " + warmup + " events (not timed)");
        runThrough(api, mqttUri, "warmup", warmup, 0, codec, clock, null);
      }
      Result fullSpeed = runThrough(api, mqttUri, "fullspeed", events, 0, codec, clock, null);
      Result processorAlone = processorAlone(api, kafkaServers, codec, clock);

      if (rate == 0) {
        rate = Math.max(1, (int) (0.8 * fullSpeed.perSecond()));
      }
      int pacedEvents = rate * rateSeconds;
      System.out.printf(
          "3/3 pipeline at %,d events/s for %d s: publish-to-score latency%n", rate, rateSeconds);
      List<long[]> polls = new ArrayList<>();
      Result paced = runThrough(api, mqttUri, "paced", pacedEvents, rate, codec, clock, polls);
      long[] sent = new long[pacedEvents];
      long start = polls.get(0)[0];
      for (int k = 0; k < pacedEvents; k++) {
        sent[k] = start + (long) (k * 1e9 / rate);
      }
      long[] latencies =
          ArrivalLatency.latencies(
              sent,
              polls.subList(1, polls.size()).stream().mapToLong(p -> p[0]).toArray(),
              polls.subList(1, polls.size()).stream().mapToLong(p -> p[1]).toArray());
      IngestRole ingest = cloud.getBean(IngestRole.class);
      long dead =
          Arrays.stream(IngestDecision.Reason.values())
              .mapToLong(r -> ingest.ingest().rejected(r))
              .sum();
      return new Pipeline(fullSpeed, processorAlone, paced, latencies, dead);
    }
  }

  /**
   * Sends {@code count} events of {@code fleet} (paced at {@code perSecond} if > 0) and polls the
   * fleet's score until it counts them all. With {@code polls}, its first entry is the start time
   * and the others every poll's (time, count).
   */
  private Result runThrough(
      String api,
      String mqttUri,
      String fleet,
      int count,
      int perSecond,
      ProtocolCodec codec,
      Clock clock,
      List<long[]> polls)
      throws Exception {
    EventLoad load = new EventLoad(++runs, fleet, vehicles, codec, clock);
    List<ReconnectingMqttClient> pubs = connect(mqttUri, fleet);
    String score = api + "/api/v1/fleets/" + fleet + "/score?days=2";
    String token = token(api, fleet);
    AtomicLong counted = new AtomicLong();
    try (ProgressLine progress = new ProgressLine(fleet, count, counted::get)) {
      long start = System.nanoTime();
      if (polls != null) {
        polls.add(new long[] {start, 0});
      }
      Thread publisher =
          new Thread(
              () -> {
                try {
                  load.publish(pubs, 0, count, perSecond, start);
                } catch (Exception e) {
                  throw new IllegalStateException("publishing failed", e);
                }
              },
              "bench-load");
      publisher.start();
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      long last = 0;
      while (last < count && System.nanoTime() < deadline) {
        long now = System.nanoTime();
        long c = ServiceProbe.countedEvents(score, token);
        if (c >= 0) {
          last = c;
          counted.set(c);
          if (polls != null) {
            polls.add(new long[] {now, c});
          }
        }
        if (last < count) {
          Thread.sleep(polls != null ? 50 : 100);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      publisher.join();
      // A second look after a commit interval: a count above `count` would be a double count.
      Thread.sleep(2_000);
      long settled = Math.max(last, ServiceProbe.countedEvents(score, token));
      return new Result(count, seconds, Math.min(settled, count), Math.max(0, settled - count));
    } finally {
      close(pubs);
    }
  }

  /**
   * The processor without MQTT and ingest: the same events written straight to the events topic (as
   * ingest would), timed until the score API counts them all.
   */
  private Result processorAlone(String api, String kafkaServers, ProtocolCodec codec, Clock clock)
      throws Exception {
    String fleet = "direct";
    EventLoad load = new EventLoad(++runs, fleet, vehicles, codec, clock);
    String score = api + "/api/v1/fleets/" + fleet + "/score?days=2";
    String token = token(api, fleet);
    AtomicLong counted = new AtomicLong();
    System.out.println("  the processor alone: " + events + " events written to Kafka directly");
    try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafkaServers,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.LINGER_MS_CONFIG,
                    25,
                    ProducerConfig.BATCH_SIZE_CONFIG,
                    256 * 1024,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG,
                    "lz4"),
                new StringSerializer(),
                new ByteArraySerializer());
        ProgressLine progress = new ProgressLine(fleet, events, counted::get)) {
      long start = System.nanoTime();
      for (long k = 0; k < events; k++) {
        // keyed as ingest keys it: by the vehicle's client id
        producer.send(
            new ProducerRecord<>(
                SafetyTopology.EVENTS, load.device(k).clientId(), load.payload(k)));
      }
      producer.flush();
      long last = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (last < events && System.nanoTime() < deadline) {
        long c = ServiceProbe.countedEvents(score, token);
        if (c >= 0) {
          last = c;
          counted.set(c);
        }
        if (last < events) {
          Thread.sleep(100);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(events, seconds, Math.min(last, events), Math.max(0, last - events));
    }
  }

  private static void awaitCount(java.util.function.LongSupplier count, long want, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (count.getAsLong() < want && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private String report(String brokerName, int payloadBytes, Result alone, Pipeline p) {
    double ratio = p.fullSpeed().perSecond() / alone.perSecond();
    double p50 = ArrivalLatency.quantile(p.latencyNanos(), 0.50) / 1e9;
    double p99 = ArrivalLatency.quantile(p.latencyNanos(), 0.99) / 1e9;
    double max = ArrivalLatency.quantile(p.latencyNanos(), 1.0) / 1e9;
    StringBuilder b = new StringBuilder();
    b.append("# Cloud pipeline load benchmark\n\n");
    b.append(BenchmarkReport.runLine())
        .append(" MQTT broker: ")
        .append(brokerName)
        .append("; Kafka: embedded KRaft, 6 partitions; the cloud service with all roles,")
        .append(" publishers and the API poller in one JVM.\n");
    b.append(
        String.format(
            "Payload: the %,d-byte safety event (2 s, 50 Hz snippet), each with its own id, from"
                + " %d vehicles over %d QoS 1 connections.%n%n",
            payloadBytes, vehicles, publishers));
    b.append("| run | events | seconds | events/s | counted | double-counted |\n");
    b.append("|---|---:|---:|---:|---:|---:|\n");
    row(b, "MQTT broker alone (→ 1 shared subscriber)", alone);
    row(b, "pipeline at full speed (MQTT → score API)", p.fullSpeed());
    row(b, "processor alone (Kafka → score API)", p.processorAlone());
    row(b, String.format("pipeline at %,d events/s", rate), p.paced());
    b.append('\n');
    b.append(
        String.format(
            "- Pipeline / broker alone: **%.0f%%** (target ≥ 80%%): %s%n",
            100 * ratio, ratio >= 0.8 ? "met" : "not met"));
    b.append(
        String.format(
            "- Pipeline at full speed: **%,.0f events/s** (target ≥ 5,000): %s%n",
            p.fullSpeed().perSecond(), p.fullSpeed().perSecond() >= 5_000 ? "met" : "not met"));
    b.append(
        String.format(
            "- Publish-to-score latency at %,d events/s: p50 **%.2f s**, p99 **%.2f s**, max %.2f s"
                + " (target p99 ≤ 2 s): %s%n",
            rate, p50, p99, max, p99 <= 2.0 ? "met" : "not met"));
    b.append(
        String.format(
            "- Dead letters: %d. Every run counted each event exactly once: %s%n",
            p.deadLetters(), p.exact() && alone.exact() ? "yes" : "NO"));
    b.append(
        "\nLatency pairs the k-th event published with the first API poll (every 50 ms) that"
            + " counts k events, so it includes up to one poll interval and the processor's commit"
            + " interval (vigil.kafka.commit-interval, 500 ms by default).\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String name, Result r) {
    b.append(
        String.format(
            "| %s | %,d | %.2f | %,.0f | %,d | %,d |%n",
            name, r.sent(), r.seconds(), r.perSecond(), r.received(), r.duplicates()));
  }
}
