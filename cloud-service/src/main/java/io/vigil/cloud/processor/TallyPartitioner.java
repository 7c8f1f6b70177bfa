package io.vigil.cloud.processor;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Places a tally delta by its entity ({@code kind|id|}) rather than its whole key, so that every
 * day of one vehicle, driver or fleet is in one partition: a score over a period is then one range
 * read on the one instance that owns the entity. The same hash as Kafka's default partitioner.
 */
final class TallyPartitioner<V> implements StreamPartitioner<String, V> {

  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, V value, int numPartitions) {
    byte[] entity = TallyKey.entity(key).getBytes(StandardCharsets.UTF_8);
    return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(entity)) % numPartitions));
  }
}
