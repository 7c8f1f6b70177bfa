package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.WindowSample;

/** Wire form of {@link WindowSample}; see {@code window-sample.schema.json}. */
final class WindowSampleFormat implements WireFormat<WindowSample> {

  @Override
  public void write(WindowSample s, ObjectNode out) {
    out.put("sampleId", s.sampleId().toString());
    out.put("requestId", s.requestId().toString());
    out.put("fleetId", s.fleetId());
    out.put("vehicleId", s.vehicleId());
    out.put("driverId", s.driverId());
    out.put("deviceTimeMs", s.deviceTime().toEpochMilli());
    out.put("modelVersion", s.modelVersion());
    out.put("maxEventProbability", s.maxEventProbability());
    s.speedKmh().ifPresent(speed -> out.put("speedKmh", speed));
    SnippetFormat.INSTANCE.write(s.snippet(), out.putObject("snippet"));
  }

  @Override
  public WindowSample read(FieldReader in) throws InvalidMessageException {
    return new WindowSample(
        in.uuid("sampleId"),
        in.uuid("requestId"),
        in.id("fleetId"),
        in.id("vehicleId"),
        in.id("driverId"),
        in.timestamp("deviceTimeMs"),
        in.text(
            "modelVersion", WireLimits.MAX_SEMVER_LENGTH, WireLimits.SEMVER, "a semantic version"),
        in.number("maxEventProbability", 0, 1),
        in.optionalNumber("speedKmh", 0, WireLimits.MAX_SPEED_KMH),
        SnippetFormat.INSTANCE.read(in.object("snippet")));
  }
}
