package io.vigil.cloud;

import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import io.vigil.protocol.GeoPosition;
import io.vigil.protocol.PeakAcceleration;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.SensorSnippet;
import io.vigil.protocol.Severity;
import io.vigil.protocol.Telemetry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Safety events for cloud tests; the event id follows from vehicle, type and time. */
public final class TestEvents {

  private TestEvents() {}

  /** A telemetry report of a trip that has driven {@code metres} by {@code at}. */
  public static Telemetry trip(
      String fleet,
      String vehicle,
      String driver,
      String tripId,
      double metres,
      Telemetry.TripState state,
      Instant at) {
    return new Telemetry(
        fleet,
        vehicle,
        driver,
        at,
        at.getEpochSecond(),
        new Telemetry.Trip(tripId, state, at.minusSeconds(600), metres, 600),
        java.util.Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        java.util.List.of(),
        Optional.empty());
  }

  /** A status of a vehicle's agent, model 1.0.0, nothing else to report. */
  public static DeviceStatus status(
      String fleet, String vehicle, DeviceStatus.State state, Instant at) {
    return new DeviceStatus(
        fleet,
        vehicle,
        at,
        state,
        state == DeviceStatus.State.OFFLINE ? Optional.of("connection lost") : Optional.empty(),
        "0.1.0",
        Optional.of("1.0.0"),
        Optional.empty(),
        Optional.empty());
  }

  public static SafetyEvent event(
      String fleet, String vehicle, String driver, EventType type, Instant at) {
    double[] one = {0.1};
    return new SafetyEvent(
        UUID.nameUUIDFromBytes((fleet + vehicle + type + at).getBytes(StandardCharsets.UTF_8)),
        fleet,
        vehicle,
        driver,
        at,
        at.getEpochSecond(),
        type,
        type == EventType.HARSH_CORNERING ? Optional.of(Direction.LEFT) : Optional.empty(),
        Severity.MEDIUM,
        0.9,
        0.2,
        800,
        new PeakAcceleration(-0.5, 0.1, 0.05),
        Optional.of(42.0),
        Optional.of(new GeoPosition(48.1, 11.5)),
        "1.0.0",
        new SensorSnippet(50, 0, SensorSnippet.Frame.VEHICLE, one, one, one, one, one, one));
  }
}
