package io.vigil.protocol.topic;

import java.util.Optional;

/**
 * A Vigil topic name taken apart by {@link Topics#parse(String)}.
 *
 * @param fleetId the fleet
 * @param vehicleId the vehicle, empty for the fleet-wide model topic
 * @param channel what the topic carries
 */
public record ParsedTopic(String fleetId, Optional<String> vehicleId, Channel channel) {

  /** The device this topic belongs to, if it is vehicle-scoped. */
  public Optional<DeviceAddress> device() {
    return vehicleId.map(vehicle -> new DeviceAddress(fleetId, vehicle));
  }
}
