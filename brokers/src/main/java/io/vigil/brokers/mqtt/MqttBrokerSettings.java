package io.vigil.brokers.mqtt;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the embedded MQTT broker.
 *
 * @param dataDir where sessions, queued messages and retained messages persist across restarts
 * @param bindAddress interface to listen on (default 127.0.0.1; 0.0.0.0 to accept other hosts)
 * @param port TCP port (default 1883; 0 picks a free one)
 * @param maxQueueSize QoS 1/2 messages queued per offline client or shared group before the broker
 *     drops (default 1,000,000; HiveMQ's own default of 1000 loses data under load)
 * @param serverReceiveMaximum unacknowledged QoS 1/2 publishes a client may have in flight towards
 *     the broker (default 1000; HiveMQ's default of 10 throttles a single publisher)
 * @param maxPacketBytes largest MQTT packet accepted, bytes (default 8 MiB: fits a model chunk)
 */
public record MqttBrokerSettings(
    Path dataDir,
    String bindAddress,
    int port,
    long maxQueueSize,
    int serverReceiveMaximum,
    int maxPacketBytes) {

  public static final int DEFAULT_PORT = 1883;
  public static final long DEFAULT_MAX_QUEUE_SIZE = 1_000_000;
  public static final int DEFAULT_SERVER_RECEIVE_MAXIMUM = 1000;
  public static final int DEFAULT_MAX_PACKET_BYTES = 8 * 1024 * 1024;

  public MqttBrokerSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (maxQueueSize < 1) {
      throw new IllegalArgumentException("maxQueueSize must be positive");
    }
    if (serverReceiveMaximum < 1 || serverReceiveMaximum > 65_535) {
      throw new IllegalArgumentException("serverReceiveMaximum must be 1..65535");
    }
    if (maxPacketBytes < 1024) {
      throw new IllegalArgumentException("maxPacketBytes must be at least 1024");
    }
  }

  /** Defaults, with data under {@code dataDir}. */
  public static MqttBrokerSettings defaults(Path dataDir) {
    return new MqttBrokerSettings(
        dataDir,
        "127.0.0.1",
        DEFAULT_PORT,
        DEFAULT_MAX_QUEUE_SIZE,
        DEFAULT_SERVER_RECEIVE_MAXIMUM,
        DEFAULT_MAX_PACKET_BYTES);
  }

  public MqttBrokerSettings withPort(int newPort) {
    return new MqttBrokerSettings(
        dataDir, bindAddress, newPort, maxQueueSize, serverReceiveMaximum, maxPacketBytes);
  }

  public MqttBrokerSettings withBindAddress(String address) {
    return new MqttBrokerSettings(
        dataDir, address, port, maxQueueSize, serverReceiveMaximum, maxPacketBytes);
  }

  public MqttBrokerSettings withMaxQueueSize(long size) {
    return new MqttBrokerSettings(
        dataDir, bindAddress, port, size, serverReceiveMaximum, maxPacketBytes);
  }
}
