package io.vigil.cloud.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.cloud.drift.DriftRule;
import io.vigil.cloud.rollout.CanaryBounds;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;

/** The processor's topology in a test driver, exactly once, with production retention. */
final class TestTopology {

  /** The shipped drift settings. */
  static final DriftRule DRIFT =
      new DriftRule(
          "vigil-driving", Duration.ofHours(6).toMillis(), 15_000, 0.25, DriftRule.MOTION);

  private TestTopology() {}

  static TopologyTestDriver driver(String applicationId, CanaryBounds canary) {
    return driver(applicationId, canary, DRIFT, new SimpleMeterRegistry());
  }

  static TopologyTestDriver driver(
      String applicationId, CanaryBounds canary, DriftRule drift, MeterRegistry meters) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return new TopologyTestDriver(
        SafetyTopology.build(
            Duration.ofDays(35), Duration.ofDays(400), canary, drift, new DriftGauges(meters)),
        p);
  }
}
