package io.vigil.cloud.ingest;

import io.vigil.cloud.ingest.IngestDecision.Reason;
import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.VigilMessage;
import io.vigil.protocol.WindowSample;
import io.vigil.protocol.json.InvalidMessageException;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.ParsedTopic;
import io.vigil.protocol.topic.Topics;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, as a pure function of an MQTT topic and payload, whether a device's message enters the
 * pipeline: it must be on a vehicle's events, telemetry, status or windows topic, decode strictly
 * as that channel's message (the protocol codec), and name the same fleet and vehicle as its topic.
 */
public final class IngestValidator {

  /** The Kafka topic of each ingested channel. */
  public static final Map<Channel, String> KAFKA_TOPICS =
      Map.of(
          Channel.EVENTS, SafetyTopology.EVENTS,
          Channel.TELEMETRY, SafetyTopology.TELEMETRY,
          Channel.STATUS, SafetyTopology.STATUS,
          Channel.WINDOWS, SafetyTopology.WINDOW_SAMPLES);

  private final ProtocolCodec codec;

  public IngestValidator(ProtocolCodec codec) {
    this.codec = codec;
  }

  public IngestDecision decide(String topic, byte[] payload) {
    Optional<ParsedTopic> parsed = Topics.parse(topic);
    Optional<DeviceAddress> device = parsed.flatMap(ParsedTopic::device);
    if (device.isEmpty() || !KAFKA_TOPICS.containsKey(parsed.get().channel())) {
      return new IngestDecision.Rejected(
          Reason.UNKNOWN_TOPIC,
          "not a vehicle's events, telemetry, status or windows topic: " + topic);
    }
    Channel channel = parsed.get().channel();
    VigilMessage message;
    try {
      message = codec.decode(payload, channel);
    } catch (InvalidMessageException e) {
      return new IngestDecision.Rejected(Reason.INVALID_PAYLOAD, e.getMessage());
    }
    DeviceAddress claimed;
    if (message instanceof SafetyEvent e) {
      claimed = new DeviceAddress(e.fleetId(), e.vehicleId());
    } else if (message instanceof Telemetry t) {
      claimed = new DeviceAddress(t.fleetId(), t.vehicleId());
    } else if (message instanceof DeviceStatus s) {
      claimed = new DeviceAddress(s.fleetId(), s.vehicleId());
    } else if (message instanceof WindowSample w) {
      claimed = new DeviceAddress(w.fleetId(), w.vehicleId());
    } else {
      throw new IllegalStateException("channel " + channel + " decoded " + message);
    }
    if (!claimed.equals(device.get())) {
      return new IngestDecision.Rejected(
          Reason.VEHICLE_MISMATCH,
          "payload is for " + claimed + " but was published on " + device.get() + "'s topic");
    }
    return new IngestDecision.Accepted(KAFKA_TOPICS.get(channel), device.get().clientId());
  }
}
