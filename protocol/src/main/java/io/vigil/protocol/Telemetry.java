package io.vigil.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Periodic device telemetry on {@code .../telemetry}: trip state and distance (the denominator of
 * safety scores), event counts, inference health, calibration, outbox health and input-feature
 * statistics for drift monitoring.
 *
 * @param fleetId fleet of the vehicle
 * @param vehicleId vehicle; must match the topic
 * @param driverId driver at the wheel
 * @param deviceTime when the report was made, device clock
 * @param sequence per-device monotonic sequence number
 * @param trip the current or just-ended trip
 * @param eventCounts events detected during the trip, by type
 * @param inference inference health since the last report
 * @param calibration mounting calibration state
 * @param outbox disk outbox health
 * @param featureStats input-feature statistics since the last report, for drift monitoring
 * @param shadow how a candidate model running in shadow compares with the active one
 */
public record Telemetry(
    String fleetId,
    String vehicleId,
    String driverId,
    Instant deviceTime,
    long sequence,
    Trip trip,
    Map<EventType, Long> eventCounts,
    Optional<Inference> inference,
    Optional<Calibration> calibration,
    Optional<Outbox> outbox,
    List<FeatureStats> featureStats,
    Optional<Shadow> shadow)
    implements VigilMessage {

  public Telemetry {
    Objects.requireNonNull(fleetId, "fleetId");
    Objects.requireNonNull(vehicleId, "vehicleId");
    Objects.requireNonNull(driverId, "driverId");
    Objects.requireNonNull(deviceTime, "deviceTime");
    Objects.requireNonNull(trip, "trip");
    eventCounts = Map.copyOf(eventCounts);
    Objects.requireNonNull(inference, "inference");
    Objects.requireNonNull(calibration, "calibration");
    Objects.requireNonNull(outbox, "outbox");
    featureStats = List.copyOf(featureStats);
    Objects.requireNonNull(shadow, "shadow");
  }

  /** Where a trip stands. */
  public enum TripState implements WireEnum {
    STARTED,
    DRIVING,
    ENDED
  }

  /**
   * A trip: ignition on to ignition off, or a long stop.
   *
   * @param tripId id of the trip, unique per vehicle
   * @param state where the trip stands
   * @param startedAt when the trip started, device clock
   * @param distanceM distance driven so far, metres
   * @param durationS time since the trip started, seconds
   */
  public record Trip(
      String tripId, TripState state, Instant startedAt, double distanceM, double durationS) {
    public Trip {
      Objects.requireNonNull(tripId, "tripId");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(startedAt, "startedAt");
    }
  }

  /**
   * Inference health.
   *
   * @param windows windows classified
   * @param skippedWindows windows skipped (too many missing samples)
   * @param latencyP50Us median inference latency, µs
   * @param latencyP99Us 99th percentile inference latency, µs
   */
  public record Inference(
      long windows, long skippedWindows, double latencyP50Us, double latencyP99Us) {}

  /**
   * Disk outbox health.
   *
   * @param depth records waiting for a PUBACK
   * @param dropped records dropped by the full-outbox policy since the agent started
   */
  public record Outbox(long depth, long dropped) {}

  /**
   * Summary statistics of one model input feature.
   *
   * @param name feature name
   * @param count samples summarised
   * @param mean mean
   * @param std standard deviation, ≥ 0
   * @param min minimum
   * @param max maximum
   * @param histogram samples per bin of the feature's {@link io.vigil.protocol.drift.FeatureBins}
   *     (empty if the agent does not count them), for drift against the training data
   */
  public record FeatureStats(
      String name,
      long count,
      double mean,
      double std,
      double min,
      double max,
      List<Long> histogram) {
    public FeatureStats {
      Objects.requireNonNull(name, "name");
      histogram = histogram == null ? List.of() : List.copyOf(histogram);
    }

    /** Statistics without a histogram (older agents). */
    public FeatureStats(String name, long count, double mean, double std, double min, double max) {
      this(name, count, mean, std, min, max, List.of());
    }
  }

  /**
   * A candidate model in shadow mode, compared with the active model on the same windows since the
   * shadow started. Only these statistics leave the device; the shadow's events are counted, not
   * published.
   *
   * @param modelVersion the shadow model's version
   * @param windows windows both models scored
   * @param agreeingWindows windows where both models chose the same class
   * @param activeEvents events the active model reported meanwhile
   * @param shadowEvents events the shadow model would have reported
   */
  public record Shadow(
      String modelVersion,
      long windows,
      long agreeingWindows,
      long activeEvents,
      long shadowEvents) {
    public Shadow {
      Objects.requireNonNull(modelVersion, "modelVersion");
    }
  }
}
