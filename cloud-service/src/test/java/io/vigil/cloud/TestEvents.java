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
    return trip(fleet, vehicle, driver, tripId, metres, state, at, Optional.empty());
  }

  /** A telemetry report of a vehicle driving, that classified {@code windows} since the last. */
  public static Telemetry windows(String fleet, String vehicle, long windows, Instant at) {
    return trip(
        fleet,
        vehicle,
        "driver-" + vehicle,
        "trip-1",
        1000,
        Telemetry.TripState.DRIVING,
        at,
        Optional.of(new Telemetry.Inference(windows, 0, 20, 40)));
  }

  /**
   * A telemetry report of a vehicle driving whose inputs since the last report fell into these
   * histograms (by channel, over the protocol's bins).
   */
  public static Telemetry inputs(
      String fleet, String vehicle, java.util.Map<String, long[]> histograms, Instant at) {
    return inputs(windows(fleet, vehicle, 60, at), histograms);
  }

  /** {@code t} with these input histograms (by channel, over the protocol's bins). */
  public static Telemetry inputs(Telemetry t, java.util.Map<String, long[]> histograms) {
    java.util.List<Telemetry.FeatureStats> stats = new java.util.ArrayList<>();
    histograms.forEach(
        (ch, h) ->
            stats.add(
                new Telemetry.FeatureStats(
                    ch,
                    java.util.Arrays.stream(h).sum(),
                    0,
                    1,
                    -1,
                    1,
                    java.util.Arrays.stream(h).boxed().toList())));
    return new Telemetry(
        t.fleetId(),
        t.vehicleId(),
        t.driverId(),
        t.deviceTime(),
        t.sequence(),
        t.trip(),
        t.eventCounts(),
        t.inference(),
        t.calibration(),
        t.outbox(),
        stats,
        t.shadow());
  }

  /** accel_z over the protocol's bins on smooth roads: nearly every frame at gravity. */
  public static long[] smoothRoad(long frames) {
    long[] h = new long[io.vigil.protocol.drift.FeatureBins.of("accel_z").orElseThrow().size()];
    h[30] = frames * 96 / 100;
    h[29] = frames * 2 / 100;
    h[31] = frames * 2 / 100;
    return h;
  }

  /** accel_z on rough roads: frames spread over ±4 m/s² around gravity. */
  public static long[] roughRoad(long frames) {
    long[] h = new long[io.vigil.protocol.drift.FeatureBins.of("accel_z").orElseThrow().size()];
    for (int b = 26; b <= 34; b++) {
      h[b] = frames / 9;
    }
    return h;
  }

  private static Telemetry trip(
      String fleet,
      String vehicle,
      String driver,
      String tripId,
      double metres,
      Telemetry.TripState state,
      Instant at,
      Optional<Telemetry.Inference> inference) {
    return new Telemetry(
        fleet,
        vehicle,
        driver,
        at,
        at.getEpochSecond(),
        new Telemetry.Trip(tripId, state, at.minusSeconds(600), metres, 600),
        java.util.Map.of(),
        inference,
        Optional.empty(),
        Optional.empty(),
        java.util.List.of(),
        Optional.empty());
  }

  /**
   * A harsh braking as an agent reports it, with a 6 s vehicle-frame snippet at 50 Hz: a 2 s
   * deceleration of {@code peakMs2}, after 2 s of cruising, over light road noise.
   */
  public static SafetyEvent brakingWithSnippet(
      String fleet, String vehicle, String driver, double peakMs2, Instant at) {
    double[][] axes = new double[6][300];
    for (int i = 0; i < 300; i++) {
      double t = (i - 100) / 50.0;
      double noise = 0.05 * Math.sin(i * 0.9 + vehicle.hashCode());
      axes[0][i] = (t >= 0 && t <= 2 ? -peakMs2 * Math.sin(Math.PI * t / 2) : 0) + noise;
      axes[1][i] = noise / 2;
      axes[2][i] = 9.80665 + noise;
    }
    SafetyEvent e = event(fleet, vehicle, driver, EventType.HARSH_BRAKING, at);
    return new SafetyEvent(
        e.eventId(),
        fleet,
        vehicle,
        driver,
        at,
        e.sequence(),
        EventType.HARSH_BRAKING,
        Optional.empty(),
        Severity.MEDIUM,
        0.9,
        0.4,
        2000,
        new PeakAcceleration(-peakMs2 / 9.80665, 0, 0),
        Optional.of(50.0),
        Optional.empty(),
        "1.0.0",
        new SensorSnippet(
            50,
            -2000,
            SensorSnippet.Frame.VEHICLE,
            axes[0],
            axes[1],
            axes[2],
            axes[3],
            axes[4],
            axes[5]));
  }

  /** A status of a vehicle's agent, model 1.0.0, nothing else to report. */
  public static DeviceStatus status(
      String fleet, String vehicle, DeviceStatus.State state, Instant at) {
    return status(fleet, vehicle, state, "1.0.0", Optional.empty(), at);
  }

  /** An online status with the model {@code active} and the latest update in {@code state}. */
  public static DeviceStatus modelStatus(
      String fleet,
      String vehicle,
      String active,
      DeviceStatus.UpdateState state,
      String updateVersion,
      Instant at) {
    return status(
        fleet,
        vehicle,
        DeviceStatus.State.ONLINE,
        active,
        Optional.of(
            new DeviceStatus.ModelUpdate(state, Optional.of(updateVersion), Optional.empty())),
        at);
  }

  private static DeviceStatus status(
      String fleet,
      String vehicle,
      DeviceStatus.State state,
      String model,
      Optional<DeviceStatus.ModelUpdate> update,
      Instant at) {
    return new DeviceStatus(
        fleet,
        vehicle,
        at,
        state,
        state == DeviceStatus.State.OFFLINE ? Optional.of("connection lost") : Optional.empty(),
        "0.1.0",
        Optional.of(model),
        update,
        Optional.empty());
  }

  public static SafetyEvent event(
      String fleet, String vehicle, String driver, EventType type, Instant at) {
    return event(fleet, vehicle, driver, type, at, "1.0.0");
  }

  /** An event detected by the model {@code modelVersion}. */
  public static SafetyEvent event(
      String fleet,
      String vehicle,
      String driver,
      EventType type,
      Instant at,
      String modelVersion) {
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
        modelVersion,
        new SensorSnippet(50, 0, SensorSnippet.Frame.VEHICLE, one, one, one, one, one, one));
  }
}
