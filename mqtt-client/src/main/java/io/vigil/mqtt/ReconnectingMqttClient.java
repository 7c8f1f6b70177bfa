package io.vigil.mqtt;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Paho MQTT v5 client with Vigil's shared behaviour: TCP_NODELAY sockets, a publish window no
 * larger than the server's receive-maximum, and reconnects with exponential backoff and jitter
 * after a lost connection (resubscribing when the broker no longer has the session). Paho's own
 * types stay behind this class: callers see {@link InboundMessage} and {@link MqttClientException}.
 */
public final class ReconnectingMqttClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReconnectingMqttClient.class);

  /** Receive-maximum a server has when it announces none (MQTT v5 §3.2.2.3.3). */
  private static final int DEFAULT_SERVER_RECEIVE_MAXIMUM = 65_535;

  private final MqttClientSettings settings;
  private final MqttAsyncClient client;
  private final PublishWindow window;
  private final Consumer<InboundMessage> handler;
  private final Map<String, Integer> subscriptions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reconnector;
  private final javax.net.SocketFactory socketFactory;
  private final AtomicInteger failedAttempts = new AtomicInteger();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean reconnecting =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean closed;
  private volatile boolean warnedAboutAliases;

  private ReconnectingMqttClient(MqttClientSettings settings, Consumer<InboundMessage> handler)
      throws MqttClientException {
    this.settings = settings;
    this.handler = handler;
    this.window = new PublishWindow(settings.maxInFlight());
    this.socketFactory =
        !settings.serverUri().startsWith("ssl://")
            ? new NoDelaySocketFactory()
            : new NoDelaySslSocketFactory(
                settings.tls().isPresent()
                    ? settings.tls().get().socketFactory()
                    : (SSLSocketFactory) SSLSocketFactory.getDefault());
    try {
      this.client =
          new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw wrap("cannot create MQTT client for " + settings.serverUri(), e);
    }
    this.reconnector =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mqtt-reconnect-" + settings.clientId());
              t.setDaemon(true);
              return t;
            });
    client.setManualAcks(settings.manualAcks());
    client.setCallback(new Callback());
  }

  /**
   * Connects once, synchronously, and returns the client; throws if the first attempt fails (a
   * refused login is reported with its reason code). Later losses are reconnected automatically.
   *
   * @param handler receives every message of every subscription, on Paho's callback thread;
   *     blocking it holds back further deliveries (backpressure)
   */
  public static ReconnectingMqttClient connect(
      MqttClientSettings settings, Consumer<InboundMessage> handler) throws MqttClientException {
    ReconnectingMqttClient c =
        new ReconnectingMqttClient(settings, Objects.requireNonNull(handler, "handler"));
    try {
      IMqttToken token = c.client.connect(c.options());
      token.waitForCompletion(settings.connectTimeout().toMillis());
      if (!token.isComplete() || !c.client.isConnected()) {
        throw new MqttClientException(
            "connect to " + settings.serverUri() + " timed out",
            MqttClientException.NO_REASON,
            null);
      }
      c.onConnected(token);
      return c;
    } catch (MqttException e) {
      c.closed = true;
      c.closeQuietly();
      throw wrap(
          "connect to " + settings.serverUri() + " as " + settings.clientId() + " failed", e);
    } catch (MqttClientException e) {
      c.closed = true;
      c.closeQuietly();
      throw e;
    }
  }

  /** A client that only publishes: received messages are ignored. */
  public static ReconnectingMqttClient connect(MqttClientSettings settings)
      throws MqttClientException {
    return connect(settings, message -> {});
  }

  private MqttConnectionOptions options() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(settings.cleanStart());
    o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
    o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
    o.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
    o.setAutomaticReconnect(false); // we reconnect ourselves, with jitter
    o.setReceiveMaximum(settings.maxInFlight());
    settings.username().ifPresent(o::setUserName);
    settings
        .password()
        .ifPresent(p -> o.setPassword(p.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    o.setSocketFactory(socketFactory);
    settings
        .will()
        .ifPresent(
            w -> {
              MqttMessage will = new MqttMessage(w.payload(), w.qos(), w.retained(), null);
              o.setWill(w.topic(), will);
            });
    return o;
  }

  private void onConnected(IMqttToken token) {
    failedAttempts.set(0);
    MqttProperties props = token.getResponseProperties();
    Integer serverMax = props == null ? null : props.getReceiveMaximum();
    int limit =
        Math.min(
            settings.maxInFlight(), serverMax == null ? DEFAULT_SERVER_RECEIVE_MAXIMUM : serverMax);
    window.setLimit(limit);
    Integer aliases = props == null ? null : props.getTopicAliasMaximum();
    if (aliases != null && aliases > 0 && !warnedAboutAliases) {
      warnedAboutAliases = true;
      LOG.warn(
          "{}: {} allows {} topic aliases. Paho then sends publishes with aliases and, after a"
              + " reconnect, resends in-flight ones with the old connection's alias, which the"
              + " broker refuses: the client would flap for ever. Set the broker's topic alias"
              + " maximum to 0 (mosquitto: max_topic_alias 0; HiveMQ: topic-alias enabled=false).",
          settings.clientId(),
          settings.serverUri(),
          aliases);
    }
    boolean sessionPresent = token.getSessionPresent();
    LOG.debug(
        "{} connected to {} (session present: {}, in-flight window {})",
        settings.clientId(),
        settings.serverUri(),
        sessionPresent,
        limit);
    if (!sessionPresent) {
      subscriptions.forEach(this::resubscribe);
    }
  }

  private void resubscribe(String filter, int qos) {
    try {
      client.subscribe(new MqttSubscription(filter, qos));
    } catch (MqttException e) {
      LOG.warn("{} could not resubscribe to {}: {}", settings.clientId(), filter, e.getMessage());
    }
  }

  /**
   * Subscribes and waits for the broker's answer. A refusal (e.g. not authorised) throws with the
   * reason code.
   */
  public void subscribe(String filter, int qos) throws MqttClientException {
    try {
      IMqttToken token = client.subscribe(new MqttSubscription(filter, qos));
      token.waitForCompletion(settings.connectTimeout().toMillis());
      for (int code : token.getReasonCodes()) {
        if (code >= 0x80) {
          throw new MqttClientException(
              "subscription to " + filter + " refused with reason 0x" + Integer.toHexString(code),
              code,
              null);
        }
      }
      subscriptions.put(filter, qos);
    } catch (MqttException e) {
      throw wrap("subscribe to " + filter + " failed", e);
    }
  }

  /** Unsubscribes and waits for the broker's answer; the filter is not resubscribed later. */
  public void unsubscribe(String filter) throws MqttClientException {
    subscriptions.remove(filter);
    try {
      client.unsubscribe(filter).waitForCompletion(settings.connectTimeout().toMillis());
    } catch (MqttException e) {
      throw wrap("unsubscribe from " + filter + " failed", e);
    }
  }

  /**
   * Publishes; the future completes when the broker acknowledged (QoS 1/2) or the message was
   * written (QoS 0), and fails with {@link MqttClientException} if the broker refused it (e.g.
   * reason 0x87, not authorised), the client is offline, or no window slot became free within
   * {@link MqttClientSettings#publishTimeout()}. Blocks while the window is full.
   */
  public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(
          new MqttClientException("client is closed", MqttClientException.NO_REASON, null));
      return result;
    }
    boolean windowed = qos > 0;
    try {
      if (windowed && !window.acquire(settings.publishTimeout())) {
        result.completeExceptionally(
            new MqttClientException(
                "no free in-flight slot within " + settings.publishTimeout(),
                MqttClientException.NO_REASON,
                null));
        return result;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.completeExceptionally(e);
      return result;
    }
    try {
      client.publish(
          topic,
          payload,
          qos,
          retained,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              release(windowed);
              int refusal = firstRefusal(token.getReasonCodes());
              if (refusal >= 0) {
                result.completeExceptionally(
                    new MqttClientException(
                        "publish to "
                            + topic
                            + " refused with reason 0x"
                            + Integer.toHexString(refusal),
                        refusal,
                        null));
              } else {
                result.complete(null);
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
              release(windowed);
              result.completeExceptionally(
                  error instanceof MqttException me
                      ? wrap("publish to " + topic + " failed", me)
                      : error);
            }
          });
    } catch (MqttException e) {
      release(windowed);
      result.completeExceptionally(wrap("publish to " + topic + " failed", e));
    }
    return result;
  }

  private void release(boolean windowed) {
    if (windowed) {
      window.release();
    }
  }

  private static int firstRefusal(int[] codes) {
    if (codes != null) {
      for (int code : codes) {
        if (code >= 0x80) {
          return code;
        }
      }
    }
    return -1;
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /** The current in-flight limit: min(configured maximum, server's receive-maximum). */
  public int inFlightLimit() {
    return window.limit();
  }

  /** Publishes awaiting acknowledgement right now. */
  public int inFlight() {
    return window.inFlight();
  }

  /** Times the connection was re-established after a loss. */
  public int reconnects() {
    return reconnects.get();
  }

  /** Waits until every QoS 1/2 publish was acknowledged or failed; true if drained in time. */
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    return window.awaitDrained(timeout);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    reconnector.shutdownNow();
    try {
      if (client.isConnected()) {
        // Bounded: when the broker drops the connection meanwhile (a refused publish, say), Paho
        // may never complete the disconnect's token, and close() would hang for good.
        long ms = settings.connectTimeout().toMillis();
        client.disconnect(ms).waitForCompletion(2 * ms);
      }
    } catch (MqttException e) {
      LOG.debug("{} disconnect: {}", settings.clientId(), e.getMessage());
    }
    closeQuietly();
  }

  /**
   * Drops the connection at once, acknowledging nothing more, and reconnects with the backoff. With
   * a persistent session the broker then redelivers every message not yet acknowledged: what a
   * consumer with manual acks does when it cannot hand messages on (e.g. Kafka is down).
   */
  public void reconnectNow() {
    try {
      client.disconnectForcibly(0, 1000, false);
    } catch (MqttException e) {
      LOG.debug("{} forced disconnect: {}", settings.clientId(), e.getMessage());
    }
    scheduleReconnect();
  }

  /** Drops the TCP connection without DISCONNECT, as a crash would (the will is published). */
  public void closeAbruptly() {
    closed = true;
    reconnector.shutdownNow();
    try {
      client.disconnectForcibly(0, 1, false);
    } catch (MqttException e) {
      LOG.debug("{} forced disconnect: {}", settings.clientId(), e.getMessage());
    }
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("{} close: {}", settings.clientId(), e.getMessage());
    }
    reconnector.shutdownNow();
  }

  private void scheduleReconnect() {
    // One reconnect at a time: a loss reported while an attempt is pending or under way must not
    // start a second chain, whose connect would take over the first's session and drop it.
    if (closed || !reconnecting.compareAndSet(false, true)) {
      return;
    }
    Duration delay =
        settings
            .backoff()
            .delayFor(failedAttempts.incrementAndGet(), ThreadLocalRandom.current()::nextDouble);
    LOG.info(
        "{} reconnecting to {} in {} ms",
        settings.clientId(),
        settings.serverUri(),
        delay.toMillis());
    try {
      reconnector.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      LOG.debug("{} closing, no reconnect", settings.clientId());
    }
  }

  private void reconnect() {
    if (closed || client.isConnected()) {
      reconnecting.set(false);
      return;
    }
    try {
      client.connect(
          options(),
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              reconnects.incrementAndGet();
              reconnecting.set(false);
              onConnected(token);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
              LOG.debug("{} reconnect failed: {}", settings.clientId(), error.getMessage());
              reconnecting.set(false);
              scheduleReconnect();
            }
          });
    } catch (MqttException e) {
      LOG.debug("{} reconnect failed: {}", settings.clientId(), e.getMessage());
      reconnecting.set(false);
      scheduleReconnect();
    }
  }

  private static MqttClientException wrap(String what, MqttException e) {
    int reason = e.getReasonCode();
    return new MqttClientException(
        what + ": " + e.getMessage() + " (reason " + reason + ")",
        reason >= 0x80 && reason <= 0xFF ? reason : MqttClientException.NO_REASON,
        e);
  }

  /** Paho's callbacks, turned into Vigil's. */
  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (!closed) {
        // Pass a String, not the Throwable: SLF4J would print a trailing Throwable as a stack
        // trace and leave the placeholder empty.
        String why =
            response.getReasonString() != null
                ? response.getReasonString()
                : response.getException() != null
                    ? String.valueOf(response.getException().getMessage())
                    : "connection closed";
        LOG.warn("{} lost connection to {}: {}", settings.clientId(), settings.serverUri(), why);
        scheduleReconnect();
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("{} MQTT error: {}", settings.clientId(), exception.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      int id = message.getId();
      int qos = message.getQos();
      int connection = reconnects.get();
      Runnable ack =
          settings.manualAcks()
              ? () -> {
                if (reconnects.get() != connection || !client.isConnected()) {
                  // The broker redelivers it on the new connection; an ack now would hit another
                  // message that happens to carry the same packet id.
                  return;
                }
                try {
                  client.messageArrivedComplete(id, qos);
                } catch (MqttException e) {
                  LOG.warn(
                      "{} could not ack message {}: {}", settings.clientId(), id, e.getMessage());
                }
              }
              : () -> {};
      handler.accept(
          new InboundMessage(
              topic, message.getPayload(), qos, message.isRetained(), message.isDuplicate(), ack));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
