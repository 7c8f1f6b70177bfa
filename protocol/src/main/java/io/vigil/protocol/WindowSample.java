package io.vigil.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A stretch of driving the agent's model did not flag, uploaded on the cloud's request ({@link
 * Command.Type#UPLOAD_SAMPLES}) on {@code .../windows}, so that retraining sees negatives the model
 * did not choose itself: reviewed events are only what the model already flagged. The snippet is
 * what an event's would be, and {@code deviceTime} is the start of the stretch.
 *
 * @param sampleId unique id, the dedup key
 * @param requestId the command that asked for it
 * @param fleetId fleet of the vehicle
 * @param vehicleId vehicle; must match the topic
 * @param driverId driver at the time
 * @param deviceTime device time of the stretch's start
 * @param modelVersion the model that judged the stretch
 * @param maxEventProbability the highest probability of any event class over its windows (how close
 *     the model came to flagging it)
 * @param speedKmh GPS speed, km/h, when a fresh fix was at hand
 * @param snippet the raw IMU samples, as an event's snippet
 */
public record WindowSample(
    UUID sampleId,
    UUID requestId,
    String fleetId,
    String vehicleId,
    String driverId,
    Instant deviceTime,
    String modelVersion,
    double maxEventProbability,
    Optional<Double> speedKmh,
    SensorSnippet snippet)
    implements VigilMessage {

  public WindowSample {
    Objects.requireNonNull(sampleId, "sampleId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(fleetId, "fleetId");
    Objects.requireNonNull(vehicleId, "vehicleId");
    Objects.requireNonNull(driverId, "driverId");
    Objects.requireNonNull(deviceTime, "deviceTime");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(speedKmh, "speedKmh");
    Objects.requireNonNull(snippet, "snippet");
    if (!(maxEventProbability >= 0 && maxEventProbability <= 1)) {
      throw new IllegalArgumentException("maxEventProbability must be in [0, 1]");
    }
  }
}
