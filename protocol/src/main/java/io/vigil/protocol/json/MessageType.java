package io.vigil.protocol.json;

import io.vigil.protocol.Command;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.ModelManifest;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.SampleBatch;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.VigilMessage;
import io.vigil.protocol.WindowSample;
import io.vigil.protocol.topic.Channel;

/**
 * The message types of the protocol: the record each decodes to, the channel that carries it, and
 * the JSON Schema file that describes it for external consumers ({@link #schemaResource()}).
 */
public enum MessageType {
  SAFETY_EVENT("safety-event", SafetyEvent.class, Channel.EVENTS, new SafetyEventFormat()),
  TELEMETRY("telemetry", Telemetry.class, Channel.TELEMETRY, new TelemetryFormat()),
  DEVICE_STATUS("device-status", DeviceStatus.class, Channel.STATUS, new DeviceStatusFormat()),
  MODEL_MANIFEST("model-manifest", ModelManifest.class, Channel.MODEL, new ModelManifestFormat()),
  COMMAND("command", Command.class, Channel.CMD, new CommandFormat()),
  SAMPLE_BATCH("sample-batch", SampleBatch.class, Channel.SAMPLES, new SampleBatchFormat()),
  WINDOW_SAMPLE("window-sample", WindowSample.class, Channel.WINDOWS, new WindowSampleFormat()),
  /** Cloud-side only: carried on a Kafka topic and in export files, never over MQTT. */
  TRAINING_SAMPLE("training-sample", TrainingSample.class, null, new TrainingSampleFormat());

  private final String fileName;
  private final Class<? extends VigilMessage> recordType;
  private final Channel channel;
  private final WireFormat<? extends VigilMessage> format;

  <T extends VigilMessage> MessageType(
      String fileName, Class<T> recordType, Channel channel, WireFormat<T> format) {
    this.fileName = fileName;
    this.recordType = recordType;
    this.channel = channel;
    this.format = format;
  }

  /** Short name used for files: {@code safety-event}. */
  public String fileName() {
    return fileName;
  }

  public Class<? extends VigilMessage> recordType() {
    return recordType;
  }

  /** The channel whose topics carry this type; null for a type that never travels over MQTT. */
  public Channel channel() {
    return channel;
  }

  /** Classpath location of this type's JSON Schema for schema version 1. */
  public String schemaResource() {
    return "io/vigil/protocol/schema/v1/" + fileName + ".schema.json";
  }

  /** The type carried on {@code channel}. */
  public static MessageType of(Channel channel) {
    java.util.Objects.requireNonNull(channel, "channel");
    for (MessageType type : values()) {
      if (type.channel == channel) {
        return type;
      }
    }
    throw new IllegalArgumentException("no message type for " + channel);
  }

  /** The type of a record class. */
  public static MessageType of(Class<? extends VigilMessage> recordType) {
    for (MessageType type : values()) {
      if (type.recordType == recordType) {
        return type;
      }
    }
    throw new IllegalArgumentException("not a protocol message: " + recordType);
  }

  @SuppressWarnings("unchecked")
  <T extends VigilMessage> WireFormat<T> format() {
    return (WireFormat<T>) format;
  }
}
