package io.vigil.cloud.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cloud.TestEvents;
import io.vigil.cloud.ingest.IngestDecision.Reason;
import io.vigil.protocol.EventType;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IngestValidatorTest {

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
  private final IngestValidator validator = new IngestValidator(codec);
  private final DeviceAddress truck = new DeviceAddress("acme", "truck-1");
  private final SafetyEvent event =
      TestEvents.event("acme", "truck-1", "d-1", EventType.HARSH_BRAKING, Instant.now());

  @Test
  void aValidEventGoesToItsTopicKeyedByFleetAndVehicle() {
    assertThat(validator.decide(Topics.events(truck), codec.encode(event)))
        .isEqualTo(new IngestDecision.Accepted("vigil.events", "acme.truck-1"));
  }

  @Test
  void aDeviceCannotSpeakForAnotherVehicle() {
    IngestDecision d =
        validator.decide(Topics.events(new DeviceAddress("acme", "truck-2")), codec.encode(event));
    assertThat(d).isInstanceOf(IngestDecision.Rejected.class);
    assertThat(((IngestDecision.Rejected) d).reason()).isEqualTo(Reason.VEHICLE_MISMATCH);
    assertThat(((IngestDecision.Rejected) d).detail()).contains("acme/truck-1", "acme/truck-2");
  }

  @Test
  void payloadErrorsNameTheField() throws Exception {
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(codec.encode(event));
    json.put("confidence", 1.5);
    IngestDecision d =
        validator.decide(Topics.events(truck), json.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(((IngestDecision.Rejected) d).reason()).isEqualTo(Reason.INVALID_PAYLOAD);
    assertThat(((IngestDecision.Rejected) d).detail()).startsWith("confidence");
  }

  @Test
  void onlyVehicleUplinkChannelsAreIngested() {
    for (String topic :
        new String[] {
          Topics.command(truck), Topics.fleetModel("acme"), "elsewhere/x", "vigil/v1"
        }) {
      IngestDecision d = validator.decide(topic, codec.encode(event));
      assertThat(((IngestDecision.Rejected) d).reason()).as(topic).isEqualTo(Reason.UNKNOWN_TOPIC);
    }
  }

  @Test
  void aMessageOfAnotherTypeOnAChannelIsInvalid() {
    IngestDecision d = validator.decide(Topics.telemetry(truck), codec.encode(event));
    assertThat(((IngestDecision.Rejected) d).reason()).isEqualTo(Reason.INVALID_PAYLOAD);
  }

  @Test
  void anUnflaggedStretchGoesToTheWindowSamplesOfItsOwnVehicleOnly() {
    double[] one = {0.1};
    io.vigil.protocol.WindowSample w =
        new io.vigil.protocol.WindowSample(
            java.util.UUID.randomUUID(),
            java.util.UUID.randomUUID(),
            "acme",
            "truck-1",
            "d-1",
            Instant.now(),
            "1.0.0",
            0.02,
            java.util.Optional.empty(),
            new io.vigil.protocol.SensorSnippet(
                50, 0, io.vigil.protocol.SensorSnippet.Frame.DEVICE, one, one, one, one, one, one));
    assertThat(validator.decide(Topics.windows(truck), codec.encode(w)))
        .isEqualTo(new IngestDecision.Accepted("vigil.window-samples", "acme.truck-1"));
    IngestDecision d =
        validator.decide(Topics.windows(new DeviceAddress("acme", "truck-2")), codec.encode(w));
    assertThat(((IngestDecision.Rejected) d).reason()).isEqualTo(Reason.VEHICLE_MISMATCH);
  }
}
