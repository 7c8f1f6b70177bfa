package io.vigil.agent.detect;

import io.vigil.protocol.topic.SafeId;
import java.util.Objects;

/**
 * Who a detector speaks for.
 *
 * @param fleetId fleet of the vehicle
 * @param vehicleId the vehicle
 * @param driverId the driver at the wheel
 */
public record VehicleIdentity(String fleetId, String vehicleId, String driverId) {
  public VehicleIdentity {
    for (String id : new String[] {fleetId, vehicleId, driverId}) {
      if (!SafeId.isValid(Objects.requireNonNull(id, "id"))) {
        throw new IllegalArgumentException("not a valid id (1-64 of [A-Za-z0-9_-]): " + id);
      }
    }
  }
}
