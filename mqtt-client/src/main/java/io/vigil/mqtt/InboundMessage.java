package io.vigil.mqtt;

/**
 * A message received on a subscription. With {@link MqttClientSettings#manualAcks()} the handler
 * must call {@link #ack()} once it has safely handed the message on (e.g. after Kafka acknowledged
 * it); until then the broker keeps it and redelivers it after a reconnect.
 *
 * @param topic topic it was published to
 * @param payload its bytes
 * @param qos delivery QoS
 * @param retained whether it is a retained message
 * @param duplicate whether the broker flagged it as a redelivery
 * @param acknowledger what {@link #ack()} calls
 */
public record InboundMessage(
    String topic,
    byte[] payload,
    int qos,
    boolean retained,
    boolean duplicate,
    Runnable acknowledger) {

  /** Acknowledges the message (a no-op unless manual acks are on). */
  public void ack() {
    acknowledger.run();
  }
}
