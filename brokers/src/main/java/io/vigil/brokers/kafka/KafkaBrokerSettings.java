package io.vigil.brokers.kafka;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the embedded single-node Kafka (KRaft, combined broker + controller).
 *
 * @param dataDir log and metadata directory; formatted once, reused across restarts
 * @param host address to listen on and advertise (default 127.0.0.1)
 * @param port client port (default 9092; 0 picks a free one)
 * @param controllerPort KRaft controller port (default 9093; 0 picks a free one)
 * @param defaultPartitions partitions of auto-created topics (default 6)
 */
public record KafkaBrokerSettings(
    Path dataDir, String host, int port, int controllerPort, int defaultPartitions) {

  public static final int DEFAULT_PORT = 9092;
  public static final int DEFAULT_CONTROLLER_PORT = 9093;
  public static final int DEFAULT_PARTITIONS = 6;

  public KafkaBrokerSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535 || controllerPort < 0 || controllerPort > 65_535) {
      throw new IllegalArgumentException("ports must be 0..65535");
    }
    if (defaultPartitions < 1) {
      throw new IllegalArgumentException("defaultPartitions must be positive");
    }
  }

  /** Defaults, with data under {@code dataDir}. */
  public static KafkaBrokerSettings defaults(Path dataDir) {
    return new KafkaBrokerSettings(
        dataDir, "127.0.0.1", DEFAULT_PORT, DEFAULT_CONTROLLER_PORT, DEFAULT_PARTITIONS);
  }

  /** Both ports picked at random: for tests. */
  public KafkaBrokerSettings withRandomPorts() {
    return new KafkaBrokerSettings(dataDir, host, 0, 0, defaultPartitions);
  }

  public KafkaBrokerSettings withPorts(int newPort, int newControllerPort) {
    return new KafkaBrokerSettings(dataDir, host, newPort, newControllerPort, defaultPartitions);
  }
}
