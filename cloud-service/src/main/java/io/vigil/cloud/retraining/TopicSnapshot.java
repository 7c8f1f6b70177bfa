package io.vigil.cloud.retraining;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from its start to the end it has now: what the trainer knows of the registry and of
 * earlier jobs, and what an export of training samples contains. Records written after the read
 * began are left for the next one, so a busy topic cannot keep it going. The consumer stays
 * assigned and positioned after the snapshot, for whoever goes on reading.
 */
final class TopicSnapshot {

  private TopicSnapshot() {}

  /**
   * @param each given every record up to the end, in partition order
   * @return the end offsets read up to, by partition
   */
  static <K, V> Map<TopicPartition, Long> read(
      KafkaConsumer<K, V> consumer, String topic, Consumer<ConsumerRecord<K, V>> each) {
    List<TopicPartition> parts =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    return read(consumer, parts, each);
  }

  static <K, V> Map<TopicPartition, Long> read(
      KafkaConsumer<K, V> consumer,
      List<TopicPartition> parts,
      Consumer<ConsumerRecord<K, V>> each) {
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    Map<TopicPartition, Long> end = consumer.endOffsets(parts);
    while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(500))) {
        if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
          each.accept(r);
        }
      }
    }
    return end;
  }
}
