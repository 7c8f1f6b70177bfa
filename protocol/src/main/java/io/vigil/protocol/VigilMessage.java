package io.vigil.protocol;

/**
 * A message of the Vigil edge-cloud protocol, schema version 1. Each type travels on its own MQTT
 * channel (training samples: on a Kafka topic and in export files) as versioned JSON ({@code
 * "schema": 1}), encoded and decoded by {@link io.vigil.protocol.json.ProtocolCodec}.
 */
public sealed interface VigilMessage
    permits SafetyEvent,
        Telemetry,
        DeviceStatus,
        ModelManifest,
        Command,
        SampleBatch,
        WindowSample,
        TrainingSample {

  /** The wire schema version this code writes and reads. */
  int SCHEMA_VERSION = 1;
}
