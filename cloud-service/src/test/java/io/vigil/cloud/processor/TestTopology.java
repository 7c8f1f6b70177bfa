package io.vigil.cloud.processor;

import io.vigil.cloud.rollout.CanaryBounds;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;

/** The processor's topology in a test driver, exactly once, with production retention. */
final class TestTopology {

  private TestTopology() {}

  static TopologyTestDriver driver(String applicationId, CanaryBounds canary) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return new TopologyTestDriver(
        SafetyTopology.build(Duration.ofDays(35), Duration.ofDays(400), canary), p);
  }
}
