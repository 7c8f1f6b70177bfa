package io.vigil.cloud.processor;

/**
 * Vehicle and driver ids are unique only within their fleet, so the processor's stores key them as
 * {@code fleet/id}. (Kafka records of a vehicle are keyed by its MQTT client id, {@code
 * fleet.vehicle}: {@link io.vigil.protocol.topic.DeviceAddress#clientId()}.)
 */
public final class FleetScoped {

  private FleetScoped() {}

  /** {@code fleet/id}. */
  public static String id(String fleetId, String id) {
    return prefix(fleetId) + id;
  }

  /** The common start of every {@code fleet/id} of a fleet. */
  public static String prefix(String fleetId) {
    return fleetId + "/";
  }
}
