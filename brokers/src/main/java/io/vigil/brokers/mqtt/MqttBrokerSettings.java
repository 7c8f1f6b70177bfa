package io.vigil.brokers.mqtt;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

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
 * @param tls a TLS listener beside the TCP one, if any
 */
public record MqttBrokerSettings(
    Path dataDir,
    String bindAddress,
    int port,
    long maxQueueSize,
    int serverReceiveMaximum,
    int maxPacketBytes,
    Optional<TlsListener> tls) {

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
    Objects.requireNonNull(tls, "tls");
  }

  /**
   * A TLS listener. Clients may present a certificate (checked against the truststore): a device
   * whose certificate names it ({@code CN=fleet.vehicle}) and that is provisioned logs in without a
   * password; everyone else logs in with user name and password, over TLS.
   *
   * @param port TCP port (0 picks a free one)
   * @param keystore PKCS#12 file with the broker's certificate and key
   * @param keystorePassword its password
   * @param truststore PKCS#12 file with the CA that signs device certificates
   * @param truststorePassword its password
   */
  public record TlsListener(
      int port,
      Path keystore,
      String keystorePassword,
      Path truststore,
      String truststorePassword) {
    public TlsListener {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("TLS port must be 0..65535");
      }
      Objects.requireNonNull(keystore, "keystore");
      Objects.requireNonNull(keystorePassword, "keystorePassword");
      Objects.requireNonNull(truststore, "truststore");
      Objects.requireNonNull(truststorePassword, "truststorePassword");
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
        DEFAULT_MAX_PACKET_BYTES,
        Optional.empty());
  }

  public MqttBrokerSettings withPort(int newPort) {
    return new MqttBrokerSettings(
        dataDir, bindAddress, newPort, maxQueueSize, serverReceiveMaximum, maxPacketBytes, tls);
  }

  public MqttBrokerSettings withBindAddress(String address) {
    return new MqttBrokerSettings(
        dataDir, address, port, maxQueueSize, serverReceiveMaximum, maxPacketBytes, tls);
  }

  public MqttBrokerSettings withTls(TlsListener listener) {
    return new MqttBrokerSettings(
        dataDir,
        bindAddress,
        port,
        maxQueueSize,
        serverReceiveMaximum,
        maxPacketBytes,
        Optional.of(listener));
  }

  public MqttBrokerSettings withMaxQueueSize(long size) {
    return new MqttBrokerSettings(
        dataDir, bindAddress, port, size, serverReceiveMaximum, maxPacketBytes, tls);
  }
}
