package io.vigil.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A driving-safety event detected by an edge agent, published on {@code .../events} with QoS 1.
 * {@code eventId} is globally unique and is the deduplication key all the way into the scores.
 *
 * @param eventId globally unique id, the dedup key
 * @param fleetId fleet of the vehicle
 * @param vehicleId vehicle that saw the event; must match the topic
 * @param driverId driver at the wheel
 * @param deviceTime start of the event by the device's clock
 * @param sequence per-device monotonic sequence number
 * @param type what happened
 * @param direction which way, where it applies
 * @param severity how serious
 * @param confidence model confidence in {@code type}, 0..1
 * @param anomalyScore how unlike the training data the window was, ≥ 0 (1 = decision threshold)
 * @param durationMs length of the event, ms
 * @param peak peak accelerations in g
 * @param speedKmh GPS speed at the event ({@code Vehicle.Speed}), km/h, if a fix existed
 * @param position GPS position at the event, if a fix existed
 * @param modelVersion semantic version of the model that decided
 * @param snippet raw samples around the event
 */
public record SafetyEvent(
    UUID eventId,
    String fleetId,
    String vehicleId,
    String driverId,
    Instant deviceTime,
    long sequence,
    EventType type,
    Optional<Direction> direction,
    Severity severity,
    double confidence,
    double anomalyScore,
    long durationMs,
    PeakAcceleration peak,
    Optional<Double> speedKmh,
    Optional<GeoPosition> position,
    String modelVersion,
    SensorSnippet snippet)
    implements VigilMessage {

  public SafetyEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(fleetId, "fleetId");
    Objects.requireNonNull(vehicleId, "vehicleId");
    Objects.requireNonNull(driverId, "driverId");
    Objects.requireNonNull(deviceTime, "deviceTime");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(peak, "peak");
    Objects.requireNonNull(speedKmh, "speedKmh");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(snippet, "snippet");
  }
}
