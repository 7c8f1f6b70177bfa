package io.vigil.cloud.ingest;

/**
 * Where one MQTT message goes: to its Kafka topic keyed by vehicle id, or to the dead-letter topic
 * with the reason.
 */
public sealed interface IngestDecision {

  /**
   * A valid message of a known channel, for Kafka topic {@code topic} with record key {@code key}:
   * the vehicle as {@code fleet.vehicle} (vehicle ids are unique only within a fleet).
   */
  record Accepted(String topic, String key) implements IngestDecision {}

  /**
   * A message that must not enter the pipeline.
   *
   * @param reason a stable code for dashboards and alerts
   * @param detail what exactly is wrong (the field path and problem for payload errors)
   */
  record Rejected(Reason reason, String detail) implements IngestDecision {}

  /** Why a message was rejected. */
  enum Reason implements io.vigil.protocol.WireEnum {
    /** Not a Vigil v1 uplink topic this service ingests. */
    UNKNOWN_TOPIC,
    /** The payload does not decode as the channel's message type. */
    INVALID_PAYLOAD,
    /** The payload names another fleet or vehicle than its topic: a device speaking for another. */
    VEHICLE_MISMATCH
  }
}
