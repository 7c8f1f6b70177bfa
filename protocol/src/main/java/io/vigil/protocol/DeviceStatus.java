package io.vigil.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's retained status on {@code .../status}: the birth message when it connects, the MQTT
 * will ({@code offline}) when it vanishes, and updates as its model or calibration change.
 *
 * @param fleetId fleet of the vehicle
 * @param vehicleId vehicle; must match the topic
 * @param deviceTime when the status was made, device clock
 * @param state online or offline
 * @param reason why, for offline or failure states
 * @param agentVersion version of the edge agent software
 * @param modelVersion active model version, if a model is loaded
 * @param modelUpdate state of the latest model update
 * @param calibration mounting calibration state
 */
public record DeviceStatus(
    String fleetId,
    String vehicleId,
    Instant deviceTime,
    State state,
    Optional<String> reason,
    String agentVersion,
    Optional<String> modelVersion,
    Optional<ModelUpdate> modelUpdate,
    Optional<Calibration> calibration)
    implements VigilMessage {

  public DeviceStatus {
    Objects.requireNonNull(fleetId, "fleetId");
    Objects.requireNonNull(vehicleId, "vehicleId");
    Objects.requireNonNull(deviceTime, "deviceTime");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(modelUpdate, "modelUpdate");
    Objects.requireNonNull(calibration, "calibration");
  }

  /** Connection state. */
  public enum State implements WireEnum {
    ONLINE,
    OFFLINE
  }

  /**
   * A model update as the device sees it.
   *
   * @param state where the update stands
   * @param version the version being installed
   * @param detail why it failed, or progress
   */
  public record ModelUpdate(UpdateState state, Optional<String> version, Optional<String> detail) {
    public ModelUpdate {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * Model update state machine: downloading → verified → active (or shadow, for a candidate that
   * runs beside the active model), or failed at any step. Idle: nothing announced that differs from
   * the active model.
   */
  public enum UpdateState implements WireEnum {
    IDLE,
    DOWNLOADING,
    VERIFIED,
    ACTIVE,
    SHADOW,
    FAILED
  }
}
