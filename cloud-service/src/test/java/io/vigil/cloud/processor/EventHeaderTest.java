package io.vigil.cloud.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.cloud.TestEvents;
import io.vigil.protocol.EventType;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.json.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventHeaderTest {

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());

  @Test
  void theStreamingHeaderOfAnEventIsWhatTheFullDecodeSays() {
    Instant at = Instant.parse("2026-11-20T08:00:00Z");
    SafetyEvent cornering =
        TestEvents.event("acme", "truck-1", "d-1", EventType.HARSH_CORNERING, at);
    SafetyEvent crash = TestEvents.event("acme", "truck-1", "d-1", EventType.COLLISION, at);
    SafetyEvent noGps =
        new SafetyEvent(
            crash.eventId(),
            crash.fleetId(),
            crash.vehicleId(),
            crash.driverId(),
            crash.deviceTime(),
            crash.sequence(),
            crash.type(),
            Optional.empty(),
            crash.severity(),
            crash.confidence(),
            crash.anomalyScore(),
            crash.durationMs(),
            crash.peak(),
            Optional.empty(),
            Optional.empty(),
            crash.modelVersion(),
            crash.snippet());
    for (SafetyEvent e : new SafetyEvent[] {cornering, crash, noGps}) {
      assertThat(EventHeader.parse(codec.encode(e))).isEqualTo(EventHeader.of(e));
    }
    assertThat(EventHeader.parse(codec.encode(cornering)).direction()).isNotNull();
    assertThat(EventHeader.parse(codec.encode(noGps)).speedKmh()).isNull();
  }

  @Test
  void somethingElseIsRefusedWithAnIllegalArgument() {
    for (String bad : new String[] {"[]", "{\"eventId\":\"x\"}", "{", "{\"fleetId\":\"a\"}"}) {
      assertThatThrownBy(() -> EventHeader.parse(bad.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
