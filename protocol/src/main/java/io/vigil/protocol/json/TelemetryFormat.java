package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.Calibration;
import io.vigil.protocol.EventType;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.Telemetry.FeatureStats;
import io.vigil.protocol.Telemetry.Inference;
import io.vigil.protocol.Telemetry.Outbox;
import io.vigil.protocol.Telemetry.Shadow;
import io.vigil.protocol.Telemetry.Trip;
import io.vigil.protocol.Telemetry.TripState;
import io.vigil.protocol.drift.FeatureBins;
import java.util.Map;
import java.util.Optional;

/** Wire form of {@link Telemetry}; see {@code telemetry.schema.json}. */
final class TelemetryFormat implements WireFormat<Telemetry> {

  @Override
  public void write(Telemetry t, ObjectNode out) {
    out.put("fleetId", t.fleetId());
    out.put("vehicleId", t.vehicleId());
    out.put("driverId", t.driverId());
    out.put("deviceTimeMs", t.deviceTime().toEpochMilli());
    out.put("sequence", t.sequence());
    ObjectNode trip = out.putObject("trip");
    trip.put("tripId", t.trip().tripId());
    trip.put("state", t.trip().state().wireName());
    trip.put("startedAtMs", t.trip().startedAt().toEpochMilli());
    trip.put("distanceM", t.trip().distanceM());
    trip.put("durationS", t.trip().durationS());
    if (!t.eventCounts().isEmpty()) {
      ObjectNode counts = out.putObject("eventCounts");
      for (EventType type : EventType.values()) {
        Long count = t.eventCounts().get(type);
        if (count != null) {
          counts.put(type.wireName(), count);
        }
      }
    }
    t.inference()
        .ifPresent(
            i -> {
              ObjectNode inference = out.putObject("inference");
              inference.put("windows", i.windows());
              inference.put("skippedWindows", i.skippedWindows());
              inference.put("latencyP50Us", i.latencyP50Us());
              inference.put("latencyP99Us", i.latencyP99Us());
            });
    t.calibration()
        .ifPresent(c -> CalibrationFormat.INSTANCE.write(c, out.putObject("calibration")));
    t.outbox()
        .ifPresent(
            o -> {
              ObjectNode outbox = out.putObject("outbox");
              outbox.put("depth", o.depth());
              outbox.put("dropped", o.dropped());
            });
    if (!t.featureStats().isEmpty()) {
      ArrayNode stats = out.putArray("featureStats");
      for (FeatureStats f : t.featureStats()) {
        ObjectNode s = stats.addObject();
        s.put("name", f.name());
        s.put("count", f.count());
        s.put("mean", f.mean());
        s.put("std", f.std());
        s.put("min", f.min());
        s.put("max", f.max());
        if (!f.histogram().isEmpty()) {
          ArrayNode h = s.putArray("histogram");
          f.histogram().forEach(h::add);
        }
      }
    }
    t.shadow()
        .ifPresent(
            sh -> {
              ObjectNode shadow = out.putObject("shadow");
              shadow.put("modelVersion", sh.modelVersion());
              shadow.put("windows", sh.windows());
              shadow.put("agreeingWindows", sh.agreeingWindows());
              shadow.put("activeEvents", sh.activeEvents());
              shadow.put("shadowEvents", sh.shadowEvents());
            });
  }

  @Override
  public Telemetry read(FieldReader in) throws InvalidMessageException {
    String fleetId = in.id("fleetId");
    String vehicleId = in.id("vehicleId");
    String driverId = in.id("driverId");
    var deviceTime = in.timestamp("deviceTimeMs");
    long sequence = in.integer("sequence", 0, Long.MAX_VALUE);
    FieldReader trip = in.object("trip");
    Trip tripValue =
        new Trip(
            trip.id("tripId"),
            trip.enumValue("state", TripState.class),
            trip.timestamp("startedAtMs"),
            trip.number("distanceM", 0, WireLimits.MAX_TRIP_DISTANCE_M),
            trip.number("durationS", 0, WireLimits.MAX_TRIP_DURATION_S));
    Map<EventType, Long> counts = in.optionalCounts("eventCounts", EventType.class);
    Optional<Inference> inference = Optional.empty();
    Optional<FieldReader> inf = in.optionalObject("inference");
    if (inf.isPresent()) {
      FieldReader i = inf.get();
      inference =
          Optional.of(
              new Inference(
                  i.integer("windows", 0, Long.MAX_VALUE),
                  i.integer("skippedWindows", 0, Long.MAX_VALUE),
                  i.number("latencyP50Us", 0, WireLimits.MAX_LATENCY_US),
                  i.number("latencyP99Us", 0, WireLimits.MAX_LATENCY_US)));
    }
    Optional<FieldReader> cal = in.optionalObject("calibration");
    Optional<Calibration> calibration =
        cal.isPresent()
            ? Optional.of(CalibrationFormat.INSTANCE.read(cal.get()))
            : Optional.empty();
    Optional<Outbox> outbox = Optional.empty();
    Optional<FieldReader> box = in.optionalObject("outbox");
    if (box.isPresent()) {
      outbox =
          Optional.of(
              new Outbox(
                  box.get().integer("depth", 0, Long.MAX_VALUE),
                  box.get().integer("dropped", 0, Long.MAX_VALUE)));
    }
    double v = WireLimits.MAX_ABS_FEATURE_VALUE;
    var stats =
        in.optionalList(
            "featureStats",
            WireLimits.MAX_FEATURE_STATS,
            s ->
                new FeatureStats(
                    s.id("name"),
                    s.integer("count", 0, Long.MAX_VALUE),
                    s.number("mean", -v, v),
                    s.number("std", 0, v),
                    s.number("min", -v, v),
                    s.number("max", -v, v),
                    s.has("histogram")
                        ? java.util.Arrays.stream(
                                s.integerArray(
                                    "histogram", 3, FeatureBins.MAX_SIZE, 0, Long.MAX_VALUE))
                            .boxed()
                            .toList()
                        : java.util.List.of()));
    Optional<Shadow> shadow = Optional.empty();
    Optional<FieldReader> sh = in.optionalObject("shadow");
    if (sh.isPresent()) {
      FieldReader r = sh.get();
      shadow =
          Optional.of(
              new Shadow(
                  r.text(
                      "modelVersion",
                      WireLimits.MAX_SEMVER_LENGTH,
                      WireLimits.SEMVER,
                      "a semantic version"),
                  r.integer("windows", 0, Long.MAX_VALUE),
                  r.integer("agreeingWindows", 0, Long.MAX_VALUE),
                  r.integer("activeEvents", 0, Long.MAX_VALUE),
                  r.integer("shadowEvents", 0, Long.MAX_VALUE)));
    }
    return new Telemetry(
        fleetId,
        vehicleId,
        driverId,
        deviceTime,
        sequence,
        tripValue,
        counts,
        inference,
        calibration,
        outbox,
        stats,
        shadow);
  }
}
