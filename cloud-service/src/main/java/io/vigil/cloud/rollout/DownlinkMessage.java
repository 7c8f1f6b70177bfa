package io.vigil.cloud.rollout;

import java.util.Objects;

/**
 * One MQTT message a rollout step sends to the devices, as it travels through Kafka ({@code
 * vigil.downlink}, keyed by fleet so a fleet's messages keep their order) to the ingest role, which
 * publishes it with QoS 1.
 *
 * @param topic the MQTT topic
 * @param payload the bytes (empty with {@code retained}: clears the retained message)
 * @param retained whether the broker keeps it for devices that subscribe later
 */
public record DownlinkMessage(String topic, byte[] payload, boolean retained) {

  public DownlinkMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
  }
}
