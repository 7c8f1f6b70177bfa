package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import io.vigil.protocol.GeoPosition;
import io.vigil.protocol.PeakAcceleration;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Severity;
import java.util.Optional;

/** Wire form of {@link SafetyEvent}; see {@code safety-event.schema.json}. */
final class SafetyEventFormat implements WireFormat<SafetyEvent> {

  @Override
  public void write(SafetyEvent e, ObjectNode out) {
    out.put("eventId", e.eventId().toString());
    out.put("fleetId", e.fleetId());
    out.put("vehicleId", e.vehicleId());
    out.put("driverId", e.driverId());
    out.put("deviceTimeMs", e.deviceTime().toEpochMilli());
    out.put("sequence", e.sequence());
    out.put("type", e.type().wireName());
    e.direction().ifPresent(d -> out.put("direction", d.wireName()));
    out.put("severity", e.severity().wireName());
    out.put("confidence", e.confidence());
    out.put("anomalyScore", e.anomalyScore());
    out.put("durationMs", e.durationMs());
    ObjectNode peak = out.putObject("peak");
    peak.put("longitudinalG", e.peak().longitudinalG());
    peak.put("lateralG", e.peak().lateralG());
    peak.put("verticalG", e.peak().verticalG());
    e.speedKmh().ifPresent(speed -> out.put("speedKmh", speed));
    e.position()
        .ifPresent(
            p -> {
              ObjectNode position = out.putObject("position");
              position.put("lat", p.latitude());
              position.put("lon", p.longitude());
            });
    out.put("modelVersion", e.modelVersion());
    SnippetFormat.INSTANCE.write(e.snippet(), out.putObject("snippet"));
  }

  @Override
  public SafetyEvent read(FieldReader in) throws InvalidMessageException {
    FieldReader peak = in.object("peak");
    Optional<FieldReader> position = in.optionalObject("position");
    Optional<GeoPosition> geo = Optional.empty();
    if (position.isPresent()) {
      geo =
          Optional.of(
              new GeoPosition(
                  position.get().number("lat", -90, 90), position.get().number("lon", -180, 180)));
    }
    return new SafetyEvent(
        in.uuid("eventId"),
        in.id("fleetId"),
        in.id("vehicleId"),
        in.id("driverId"),
        in.timestamp("deviceTimeMs"),
        in.integer("sequence", 0, Long.MAX_VALUE),
        in.enumValue("type", EventType.class),
        in.optionalEnum("direction", Direction.class),
        in.enumValue("severity", Severity.class),
        in.number("confidence", 0, 1),
        in.number("anomalyScore", 0, WireLimits.MAX_ANOMALY_SCORE),
        in.integer("durationMs", 0, WireLimits.MAX_EVENT_DURATION_MS),
        new PeakAcceleration(g(peak, "longitudinalG"), g(peak, "lateralG"), g(peak, "verticalG")),
        in.optionalNumber("speedKmh", 0, WireLimits.MAX_SPEED_KMH),
        geo,
        in.text(
            "modelVersion", WireLimits.MAX_SEMVER_LENGTH, WireLimits.SEMVER, "a semantic version"),
        SnippetFormat.INSTANCE.read(in.object("snippet")));
  }

  private static double g(FieldReader peak, String name) throws InvalidMessageException {
    return peak.number(name, -WireLimits.MAX_ABS_G, WireLimits.MAX_ABS_G);
  }
}
