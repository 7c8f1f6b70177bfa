package io.vigil.mqtt;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a Vigil component connects to an MQTT v5 broker. Every Paho user in the project goes through
 * these settings, so TCP_NODELAY, the in-flight window and reconnect backoff are the same
 * everywhere.
 *
 * @param serverUri {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId MQTT client id; devices use {@code fleet.vehicle}
 * @param username user name, empty for none
 * @param password password, empty for none
 * @param cleanStart start a new session (true) or resume the persistent one (false, the default:
 *     QoS 1 messages sent while offline are delivered on return)
 * @param sessionExpiry how long the broker keeps the session after a disconnect (default 7 days)
 * @param keepAlive MQTT keep-alive interval (default 30 s)
 * @param connectTimeout how long one connect attempt may take (default 10 s)
 * @param maxInFlight largest number of unacknowledged QoS 1 publishes (default 1000); the effective
 *     window is the smaller of this and the server's receive-maximum
 * @param publishTimeout how long {@code publish} waits for a slot in the window before failing
 *     (default 30 s)
 * @param backoff delays between reconnect attempts
 * @param manualAcks acknowledge received messages only when the handler says so (default false)
 * @param will message the broker publishes if the connection is lost
 * @param tls key and trust material for {@code ssl://}; empty: the JVM's defaults
 */
public record MqttClientSettings(
    String serverUri,
    String clientId,
    Optional<String> username,
    Optional<String> password,
    boolean cleanStart,
    Duration sessionExpiry,
    Duration keepAlive,
    Duration connectTimeout,
    int maxInFlight,
    Duration publishTimeout,
    ReconnectBackoff backoff,
    boolean manualAcks,
    Optional<Will> will,
    Optional<TlsFiles> tls) {

  public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(7);
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  public MqttClientSettings {
    Objects.requireNonNull(serverUri, "serverUri");
    if (!serverUri.startsWith("tcp://") && !serverUri.startsWith("ssl://")) {
      throw new IllegalArgumentException(
          "serverUri must start with tcp:// or ssl://: " + serverUri);
    }
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(sessionExpiry, "sessionExpiry");
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (maxInFlight < 1 || maxInFlight > 65_535) {
      throw new IllegalArgumentException("maxInFlight must be 1..65535");
    }
    Objects.requireNonNull(publishTimeout, "publishTimeout");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(will, "will");
    Objects.requireNonNull(tls, "tls");
  }

  /** Settings with every default, for {@code serverUri} and {@code clientId}. */
  public static MqttClientSettings of(String serverUri, String clientId) {
    return new Builder(serverUri, clientId).build();
  }

  public MqttClientSettings withCredentials(String user, String secret) {
    Builder b = toBuilder();
    b.username = Optional.of(user);
    b.password = Optional.of(secret);
    return b.build();
  }

  public MqttClientSettings withCleanStart(boolean clean) {
    Builder b = toBuilder();
    b.cleanStart = clean;
    return b.build();
  }

  public MqttClientSettings withMaxInFlight(int max) {
    Builder b = toBuilder();
    b.maxInFlight = max;
    return b.build();
  }

  public MqttClientSettings withBackoff(ReconnectBackoff newBackoff) {
    Builder b = toBuilder();
    b.backoff = newBackoff;
    return b.build();
  }

  public MqttClientSettings withManualAcks(boolean manual) {
    Builder b = toBuilder();
    b.manualAcks = manual;
    return b.build();
  }

  public MqttClientSettings withWill(Will newWill) {
    Builder b = toBuilder();
    b.will = Optional.of(newWill);
    return b.build();
  }

  /** Key and trust material for {@code ssl://} (client certificate, private CA). */
  public MqttClientSettings withTls(TlsFiles files) {
    Builder b = toBuilder();
    b.tls = Optional.of(files);
    return b.build();
  }

  private Builder toBuilder() {
    Builder b = new Builder(serverUri, clientId);
    b.username = username;
    b.password = password;
    b.cleanStart = cleanStart;
    b.sessionExpiry = sessionExpiry;
    b.keepAlive = keepAlive;
    b.connectTimeout = connectTimeout;
    b.maxInFlight = maxInFlight;
    b.publishTimeout = publishTimeout;
    b.backoff = backoff;
    b.manualAcks = manualAcks;
    b.will = will;
    b.tls = tls;
    return b;
  }

  /** Mutable copy used by the {@code with…} methods; starts from the documented defaults. */
  private static final class Builder {
    private final String serverUri;
    private final String clientId;
    private Optional<String> username = Optional.empty();
    private Optional<String> password = Optional.empty();
    private boolean cleanStart;
    private Duration sessionExpiry = DEFAULT_SESSION_EXPIRY;
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private Duration publishTimeout = DEFAULT_PUBLISH_TIMEOUT;
    private ReconnectBackoff backoff = ReconnectBackoff.defaults();
    private boolean manualAcks;
    private Optional<Will> will = Optional.empty();
    private Optional<TlsFiles> tls = Optional.empty();

    private Builder(String serverUri, String clientId) {
      this.serverUri = serverUri;
      this.clientId = clientId;
    }

    private MqttClientSettings build() {
      return new MqttClientSettings(
          serverUri,
          clientId,
          username,
          password,
          cleanStart,
          sessionExpiry,
          keepAlive,
          connectTimeout,
          maxInFlight,
          publishTimeout,
          backoff,
          manualAcks,
          will,
          tls);
    }
  }

  /**
   * The MQTT will: published by the broker when the client vanishes without a clean disconnect.
   *
   * @param topic topic of the will
   * @param payload its bytes
   * @param qos 0, 1 or 2
   * @param retained whether the broker keeps it as the topic's retained message
   */
  public record Will(String topic, byte[] payload, int qos, boolean retained) {
    public Will {
      Objects.requireNonNull(topic, "topic");
      payload = payload.clone();
    }
  }
}
