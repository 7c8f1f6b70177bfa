package io.vigil.cloud.retraining;

import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.VigilMessage;
import io.vigil.protocol.WindowSample;
import io.vigil.protocol.dataset.SampleDataset;
import io.vigil.protocol.json.InvalidMessageException;
import io.vigil.protocol.json.ProtocolCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The cloud's training samples as a versioned dataset for {@code vigil-models} ({@link
 * SampleDataset}): reads {@value SafetyTopology#TRAINING_SAMPLES} from its start to the end it has
 * when the export begins (committed transactions only: the processor writes exactly once), keeps
 * the latest sample of each event, optionally of one fleet, adds the unflagged stretches agents
 * uploaded ({@value SafetyTopology#WINDOW_SAMPLES}, once each), and writes a new dataset directory
 * with its manifest. The topic is only read; nothing is committed. Used by {@code vigil
 * export-samples} and the retraining job.
 */
public final class SampleExport {

  /**
   * @param manifest the dataset's manifest
   * @param dir the dataset's directory
   * @param read records read
   * @param otherFleets records of other fleets, left out
   * @param skipped records that were not training samples, left out
   * @param source where the samples came from, as the manifest says
   */
  public record Result(
      SampleDataset.Manifest manifest,
      Path dir,
      long read,
      long otherFleets,
      long skipped,
      String source) {}

  private SampleExport() {}

  /**
   * @param fleet only this fleet's samples, or null for all
   * @param out the directory the dataset's own directory goes into
   * @param version the dataset's version, its directory name
   * @param read counts the records read, for progress
   * @param started told how many records there are to read, once known
   * @param warnings where records that are not training samples are reported (the first five)
   */
  public static Result run(
      String bootstrapServers,
      String fleet,
      Path out,
      String version,
      Clock clock,
      AtomicLong read,
      LongConsumer started,
      PrintStream warnings)
      throws IOException, InterruptedException {
    if (!version.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "the dataset version must be 1-64 letters, digits, '.', '_' or '-', not '"
              + version
              + "'");
    }
    String topic = SafetyTopology.TRAINING_SAMPLES;
    ProtocolCodec codec = new ProtocolCodec(clock);
    SampleDataset.Latest latest = new SampleDataset.Latest();
    AtomicLong skipped = new AtomicLong();
    AtomicLong otherFleets = new AtomicLong();
    Map<Integer, Long> ends =
        snapshot(
            bootstrapServers,
            topic,
            true,
            started,
            decoding(
                codec,
                TrainingSample.class,
                "training sample",
                read,
                skipped,
                warnings,
                sample -> {
                  if (fleet != null && !fleet.equals(sample.event().fleetId())) {
                    otherFleets.incrementAndGet();
                    return;
                  }
                  latest.add(sample);
                }));
    // Unflagged stretches: once each (a redelivered upload has the same id), in time order.
    Map<UUID, WindowSample> windows = new HashMap<>();
    AtomicLong windowsRead = new AtomicLong();
    AtomicLong notWindows = new AtomicLong();
    Map<Integer, Long> windowEnds =
        snapshot(
            bootstrapServers,
            SafetyTopology.WINDOW_SAMPLES,
            false, // a cloud from before window samples has none
            total -> {},
            decoding(
                codec,
                WindowSample.class,
                "window sample",
                windowsRead,
                notWindows,
                warnings,
                w -> {
                  if (fleet == null || fleet.equals(w.fleetId())) {
                    windows.put(w.sampleId(), w);
                  }
                }));
    List<WindowSample> orderedWindows = new ArrayList<>(windows.values());
    orderedWindows.sort(
        Comparator.comparing(WindowSample::deviceTime).thenComparing(WindowSample::sampleId));
    String source =
        String.format(
            "kafka %s topic %s up to offsets %s%s; %d records read, %d of other fleets, %d not"
                + " training samples; topic %s up to offsets %s, %d records read, %d not window"
                + " samples",
            bootstrapServers,
            topic,
            ends,
            fleet == null ? "" : " fleet " + fleet,
            read.get(),
            otherFleets.get(),
            skipped.get(),
            SafetyTopology.WINDOW_SAMPLES,
            windowEnds,
            windowsRead.get(),
            notWindows.get());
    SampleDataset.Manifest m =
        SampleDataset.write(
            out, version, latest.samples(), orderedWindows, source, clock.instant(), codec);
    return new Result(
        m, out.resolve(version), read.get(), otherFleets.get(), skipped.get(), source);
  }

  /**
   * A record handler that counts each record in {@code read}, decodes it as {@code type} and hands
   * it on; a record that does not decode is counted in {@code skipped} and, for the first five,
   * reported.
   */
  private static <T extends VigilMessage> Consumer<ConsumerRecord<byte[], byte[]>> decoding(
      ProtocolCodec codec,
      Class<T> type,
      String what,
      AtomicLong read,
      AtomicLong skipped,
      PrintStream warnings,
      Consumer<T> each) {
    return r -> {
      read.incrementAndGet();
      T message;
      try {
        message = codec.decode(r.value(), type);
      } catch (InvalidMessageException e) {
        if (skipped.getAndIncrement() < 5) {
          warnings.printf(
              "export: %s partition %d offset %d is not a %s (%s); left out%n",
              r.topic(), r.partition(), r.offset(), what, e.getMessage());
        }
        return;
      }
      each.accept(message);
    };
  }

  /**
   * Reads {@code topic} from its start to the end it has now (committed transactions only) and
   * returns the end offset of each partition; a missing topic that is not {@code required} reads as
   * empty.
   */
  private static Map<Integer, Long> snapshot(
      String bootstrapServers,
      String topic,
      boolean required,
      LongConsumer started,
      Consumer<ConsumerRecord<byte[], byte[]>> each)
      throws InterruptedException {
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
      List<TopicPartition> parts = partitions(bootstrapServers, topic, required);
      if (parts.isEmpty()) {
        started.accept(0);
        return ends;
      }
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
      long total = 0;
      for (Map.Entry<TopicPartition, Long> e : consumer.endOffsets(parts).entrySet()) {
        total += e.getValue() - begin.get(e.getKey());
      }
      started.accept(total);
      TopicSnapshot.read(consumer, parts, each)
          .forEach((p, offset) -> ends.put(p.partition(), offset));
    }
    return ends;
  }

  /** The topic's partitions, asked of the admin API, which (unlike a consumer) never creates it. */
  private static List<TopicPartition> partitions(
      String bootstrapServers, String topic, boolean required) throws InterruptedException {
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
      if (e.getCause() instanceof UnknownTopicOrPartitionException && !required) {
        return List.of();
      }
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
