package io.vigil.protocol.topic;

/**
 * Where a vehicle's device lives in the topic tree: its fleet and its vehicle id. The MQTT client
 * id and username of a device are derived from it, so a device can be told apart from every other
 * one by these two ids alone.
 *
 * @param fleetId the fleet, a {@link SafeId}
 * @param vehicleId the vehicle, a {@link SafeId}
 */
public record DeviceAddress(String fleetId, String vehicleId) {

  public DeviceAddress {
    SafeId.require(fleetId, "fleetId");
    SafeId.require(vehicleId, "vehicleId");
  }

  /**
   * The MQTT client id (and username) a device uses: {@code fleet.vehicle}. Ids cannot contain a
   * dot, so the mapping is unambiguous.
   */
  public String clientId() {
    return fleetId + "." + vehicleId;
  }

  /** Parses a client id made by {@link #clientId()}; empty if it is not one. */
  public static java.util.Optional<DeviceAddress> fromClientId(String clientId) {
    if (clientId == null) {
      return java.util.Optional.empty();
    }
    int dot = clientId.indexOf('.');
    if (dot < 0 || clientId.indexOf('.', dot + 1) >= 0) {
      return java.util.Optional.empty();
    }
    String fleet = clientId.substring(0, dot);
    String vehicle = clientId.substring(dot + 1);
    if (!SafeId.isValid(fleet) || !SafeId.isValid(vehicle)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new DeviceAddress(fleet, vehicle));
  }

  @Override
  public String toString() {
    return fleetId + "/" + vehicleId;
  }
}
