package io.vigil.launcher;

import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.launcher.bench.ProgressLine;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.dataset.SampleDataset;
import io.vigil.protocol.json.InvalidMessageException;
import io.vigil.protocol.json.ProtocolCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil export-samples}: the cloud's training samples as a versioned dataset for {@code
 * vigil-models} ({@link SampleDataset}). Reads the training-samples topic from its start to the end
 * it has when the export begins (committed transactions only: the processor writes with
 * exactly-once), keeps the latest sample of each event, optionally of one fleet, and writes a new
 * dataset directory with its manifest. The topic is only read; nothing is committed.
 */
@Command(
    name = "export-samples",
    mixinStandardHelpOptions = true,
    description = {
      "Export the cloud's training samples (reviewed events and their snippets) as a versioned",
      "dataset: DIR/VERSION/samples.jsonl.gz and manifest.json (counts per label, time range,",
      "SHA-256). vigil-models takes the directory with --reviewed-samples."
    })
public final class ExportSamplesCommand implements Callable<Integer> {

  @Option(
      names = "--bootstrap-servers",
      descriptionKey = "export-samples.bootstrap-servers",
      description = "Kafka to read from (default: ${DEFAULT-VALUE}).")
  String bootstrapServers = "127.0.0.1:9092";

  @Option(
      names = "--fleet",
      descriptionKey = "export-samples.fleet",
      description = "Only this fleet's samples (default: every fleet).")
  String fleet;

  @Option(
      names = "--out",
      descriptionKey = "export-samples.out",
      description = "Directory the dataset's own directory goes into (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("datasets");

  @Option(
      names = "--version",
      descriptionKey = "export-samples.version",
      description =
          "The dataset's version, its directory name (default: the time, UTC, yyyyMMdd'T'HHmmss'Z').")
  String version;

  private final Clock clock;

  public ExportSamplesCommand() {
    this(Clock.systemUTC());
  }

  ExportSamplesCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    String v =
        version != null
            ? version
            : DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(clock.instant());
    if (!v.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "--version must be 1-64 letters, digits, '.', '_' or '-', not '" + v + "'");
    }
    String topic = SafetyTopology.TRAINING_SAMPLES;
    ProtocolCodec codec = new ProtocolCodec(clock);
    SampleDataset.Latest latest = new SampleDataset.Latest();
    java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
    long skipped = 0;
    long otherFleets = 0;
    Map<Integer, Long> ends = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> parts = partitions(topic);
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long total = 0;
      for (TopicPartition p : parts) {
        long begin = consumer.position(p);
        total += end.get(p) - begin;
        ends.put(p.partition(), end.get(p));
      }
      System.out.printf(
          "export-samples: reading up to %,d records of %s at %s%n",
          total, topic, bootstrapServers);
      try (ProgressLine progress = new ProgressLine("records", total, read::get)) {
        while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            if (r.offset() >= end.get(new TopicPartition(topic, r.partition()))) {
              continue; // written after the export began: the next export takes it
            }
            read.incrementAndGet();
            TrainingSample sample;
            try {
              sample = codec.decode(r.value(), TrainingSample.class);
            } catch (InvalidMessageException e) {
              if (skipped++ < 5) {
                System.err.printf(
                    "export-samples: partition %d offset %d is not a training sample (%s); left out%n",
                    r.partition(), r.offset(), e.getMessage());
              }
              continue;
            }
            if (fleet != null && !fleet.equals(sample.event().fleetId())) {
              otherFleets++;
              continue;
            }
            latest.add(sample);
          }
        }
      }
    }
    List<TrainingSample> samples = latest.samples();
    String source =
        String.format(
            "kafka %s topic %s up to offsets %s%s; %d records read, %d of other fleets, %d not"
                + " training samples",
            bootstrapServers,
            topic,
            ends,
            fleet == null ? "" : " fleet " + fleet,
            read.get(),
            otherFleets,
            skipped);
    SampleDataset.Manifest m = SampleDataset.write(out, v, samples, source, clock.instant(), codec);
    System.out.printf(
        "export-samples: dataset %s: %,d samples (%,d reviewed) of %,d records; labels %s%n",
        out.resolve(v).toAbsolutePath(),
        m.samples(),
        m.reviewed(),
        read.get(),
        new TreeMap<>(m.labels()));
    if (skipped > 0) {
      System.err.printf(
          "export-samples: %,d records were not training samples and were left out%n", skipped);
    }
    System.out.println(
        "  train with: ./vigil-models pipeline --reviewed-samples " + out.resolve(v));
    return 0;
  }

  /** The topic's partitions, asked of the admin API, which (unlike a consumer) never creates it. */
  private List<TopicPartition> partitions(String topic) throws InterruptedException {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000))) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException(
            "Kafka at "
                + bootstrapServers
                + " has no topic "
                + topic
                + " (is the processor running?)");
      }
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers + " did not answer: " + e.getCause().getMessage());
    }
  }
}
