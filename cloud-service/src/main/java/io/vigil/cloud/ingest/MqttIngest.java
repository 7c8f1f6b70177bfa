package io.vigil.cloud.ingest;

import io.vigil.mqtt.InboundMessage;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.Topics;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT → Kafka. Subscribes to every vehicle's events, telemetry and status with a shared
 * subscription (several instances split the load), validates each message ({@link
 * IngestValidator}), sends it to its Kafka topic keyed by vehicle, or to the dead-letter topic with
 * the reason in headers, and acknowledges it to the broker only after Kafka acknowledged it (manual
 * acks). If Kafka fails a send, the connection is dropped and re-made: the broker redelivers
 * everything unacknowledged, so a Kafka outage leaves messages with the broker instead of losing
 * them. At most {@code maxInFlight} messages are between MQTT and Kafka; beyond that the MQTT
 * callback waits, which holds the broker back (backpressure, no unbounded buffer).
 */
public final class MqttIngest implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MqttIngest.class);

  /** How long nothing must arrive before a stopping instance disconnects. */
  static final Duration QUIET = Duration.ofSeconds(1);

  /** The longest a stopping instance waits for what was routed to it. */
  static final Duration DRAIN_LIMIT = Duration.ofSeconds(20);

  /** Header names on dead letters. */
  public static final String REASON = "vigil.reason";

  public static final String DETAIL = "vigil.detail";
  public static final String MQTT_TOPIC = "vigil.mqtt-topic";

  private final MqttClientSettings settings;
  private final String shareGroup;
  private final IngestValidator validator;
  private final KafkaForwarder kafka;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private volatile long lastArrivalNanos = System.nanoTime();
  private final Map<Channel, AtomicLong> accepted = new EnumMap<>(Channel.class);
  private final Map<IngestDecision.Reason, AtomicLong> rejected =
      new EnumMap<>(IngestDecision.Reason.class);
  private final AtomicLong kafkaFailures = new AtomicLong();
  private volatile ReconnectingMqttClient client;

  /**
   * @param settings the service identity's MQTT settings (manual acks are switched on here)
   * @param shareGroup shared-subscription group of all ingest instances
   * @param maxInFlight messages at most between MQTT and Kafka acknowledgements
   */
  public MqttIngest(
      MqttClientSettings settings,
      String shareGroup,
      IngestValidator validator,
      KafkaForwarder kafka,
      int maxInFlight) {
    this.settings = settings.withManualAcks(true);
    this.shareGroup = shareGroup;
    this.validator = validator;
    this.kafka = kafka;
    this.inFlight = new Semaphore(maxInFlight);
    this.maxInFlight = maxInFlight;
    for (Channel c : IngestValidator.KAFKA_TOPICS.keySet()) {
      accepted.put(c, new AtomicLong());
    }
    for (IngestDecision.Reason r : IngestDecision.Reason.values()) {
      rejected.put(r, new AtomicLong());
    }
  }

  /** Connects and subscribes; throws if the first connection fails. */
  public MqttIngest start() throws MqttClientException {
    client = ReconnectingMqttClient.connect(settings, this::onMessage);
    for (Channel c : IngestValidator.KAFKA_TOPICS.keySet()) {
      client.subscribe(Topics.shared(shareGroup, c), 1);
    }
    LOG.info("ingest subscribed as {} in share group {}", settings.clientId(), shareGroup);
    return this;
  }

  private void onMessage(InboundMessage m) {
    lastArrivalNanos = System.nanoTime();
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // not acknowledged: redelivered after the next connection
    }
    IngestDecision decision = validator.decide(m.topic(), m.payload());
    Map<String, String> headers = new HashMap<>();
    headers.put(MQTT_TOPIC, m.topic());
    String topic;
    String key;
    if (decision instanceof IngestDecision.Accepted a) {
      topic = a.topic();
      key = a.key();
    } else {
      IngestDecision.Rejected r = (IngestDecision.Rejected) decision;
      topic = KafkaForwarder.DEAD_LETTERS;
      key = m.topic();
      headers.put(REASON, r.reason().wireName());
      headers.put(DETAIL, r.detail().length() > 1000 ? r.detail().substring(0, 1000) : r.detail());
    }
    kafka
        .send(topic, key, m.payload(), headers)
        .whenComplete(
            (ok, error) -> {
              inFlight.release();
              if (error == null) {
                m.ack();
                count(decision, m.topic());
              } else {
                kafkaFailures.incrementAndGet();
                LOG.warn(
                    "Kafka did not take a message from {} ({}); reconnecting so that the broker"
                        + " redelivers it",
                    m.topic(),
                    error.toString());
                ReconnectingMqttClient c = client;
                if (c != null) {
                  c.reconnectNow();
                }
              }
            });
  }

  private void count(IngestDecision decision, String mqttTopic) {
    if (decision instanceof IngestDecision.Rejected r) {
      rejected.get(r.reason()).incrementAndGet();
    } else {
      Topics.parse(mqttTopic).ifPresent(t -> accepted.get(t.channel()).incrementAndGet());
    }
  }

  /** Messages sent to Kafka and acknowledged, per channel. */
  public long accepted(Channel channel) {
    return accepted.get(channel).get();
  }

  /** Messages sent to the dead-letter topic, per reason. */
  public long rejected(IngestDecision.Reason reason) {
    return rejected.get(reason).get();
  }

  /** Whether the MQTT connection is up (messages are flowing in). */
  public boolean connected() {
    ReconnectingMqttClient c = client;
    return c != null && c.isConnected();
  }

  /** Sends Kafka failed (each followed by a reconnect and redelivery). */
  public long kafkaFailures() {
    return kafkaFailures.get();
  }

  /**
   * Stops, handing this instance's share to the others first: it leaves the share groups, so the
   * broker routes everything new to the other instances, then takes what the broker had already
   * routed to this session (until nothing arrived for {@link #QUIET} and every message is in Kafka,
   * at most {@link #DRAIN_LIMIT}), and only then disconnects. Without that, a broker such as
   * mosquitto keeps routing to and queueing for a session that, after a scale-down, nobody resumes
   * (IngestHandoverIT).
   */
  @Override
  public void close() {
    ReconnectingMqttClient c = client;
    if (c == null) {
      return;
    }
    try {
      if (c.isConnected()) {
        for (Channel ch : IngestValidator.KAFKA_TOPICS.keySet()) {
          c.unsubscribe(Topics.shared(shareGroup, ch));
        }
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (System.nanoTime() < deadline
            && (System.nanoTime() - lastArrivalNanos < QUIET.toNanos()
                || inFlight.availablePermits() < maxInFlight)) {
          Thread.sleep(50);
        }
      }
    } catch (MqttClientException e) {
      LOG.warn(
          "ingest {} could not leave its share groups: {}", settings.clientId(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    c.close();
  }
}
