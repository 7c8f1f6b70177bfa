package io.vigil.simulator.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A simulation scenario as written in a {@code seeds/*.yaml} file: which vehicles drive how, how
 * often things happen, and with which sensors. Same file and seed ⇒ byte-identical output.
 *
 * @param name short name, used in output paths
 * @param description what the scenario is for
 * @param seed random seed of the whole scenario
 * @param tripMinutes length of each vehicle's trip, minutes
 * @param highwayShare fraction of road segments that are highway, 0..1 (default 0.3)
 * @param vehicles groups of vehicles
 * @param ratesPerHour overrides of the typical event rates, by label name (per hour)
 * @param stopsPerHour standstills per hour (default 20)
 * @param sensors sensor settings of every vehicle
 */
public record Scenario(
    @JsonProperty(required = true) String name,
    String description,
    @JsonProperty(required = true) long seed,
    @JsonProperty(required = true) double tripMinutes,
    Double highwayShare,
    @JsonProperty(required = true) List<VehicleGroup> vehicles,
    Map<String, Double> ratesPerHour,
    Double stopsPerHour,
    Sensors sensors) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    if (!(tripMinutes > 0)) {
      throw new IllegalArgumentException("tripMinutes must be positive");
    }
    if (vehicles == null || vehicles.isEmpty()) {
      throw new IllegalArgumentException("vehicles must list at least one group");
    }
    vehicles = List.copyOf(vehicles);
    ratesPerHour = ratesPerHour == null ? Map.of() : Map.copyOf(ratesPerHour);
    for (Map.Entry<String, Double> rate : ratesPerHour.entrySet()) {
      try {
        io.vigil.simulator.drive.LabelKind.fromCsv(rate.getKey());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ratesPerHour: unknown label '" + rate.getKey() + "'");
      }
      if (rate.getValue() == null || rate.getValue() < 0) {
        throw new IllegalArgumentException("ratesPerHour." + rate.getKey() + " must be ≥ 0");
      }
    }
    if (highwayShare != null && (highwayShare < 0 || highwayShare > 1)) {
      throw new IllegalArgumentException("highwayShare must be between 0 and 1");
    }
    sensors = sensors == null ? Sensors.DEFAULTS : sensors;
  }

  /** Number of vehicles over all groups. */
  public int vehicleCount() {
    return vehicles.stream().mapToInt(VehicleGroup::count).sum();
  }

  /**
   * A group of identical vehicles.
   *
   * @param fleet fleet id
   * @param idPrefix vehicle ids are the prefix plus a 4-digit number
   * @param count how many vehicles
   * @param persona calm, normal or aggressive
   * @param vehicleClass car, van or truck (default car)
   * @param drivers how many drivers share the group's vehicles, round-robin (default: one per
   *     vehicle)
   * @param driverPrefix driver ids are the prefix plus a 4-digit number (default: "driver-" and the
   *     vehicle id prefix)
   */
  public record VehicleGroup(
      @JsonProperty(required = true) String fleet,
      @JsonProperty(required = true) String idPrefix,
      @JsonProperty(required = true) int count,
      @JsonProperty(required = true) String persona,
      String vehicleClass,
      Integer drivers,
      String driverPrefix) {
    public VehicleGroup {
      if (count < 1) {
        throw new IllegalArgumentException("count must be at least 1");
      }
      io.vigil.protocol.topic.SafeId.require(fleet, "fleet");
      io.vigil.simulator.drive.DriverPersona.named(persona);
      vehicleClass = vehicleClass == null ? "car" : vehicleClass;
      drivers = drivers == null ? count : drivers;
      if (drivers < 1 || drivers > count) {
        throw new IllegalArgumentException("drivers must be between 1 and count");
      }
      driverPrefix = driverPrefix == null ? "driver-" + idPrefix : driverPrefix;
      io.vigil.simulator.drive.VehicleClass.named(vehicleClass);
    }
  }

  /**
   * Sensor settings; every field is optional and defaults as documented in {@code ImuSettings}.
   *
   * @param imuRateHz IMU sample rate, Hz (default 50, 25–200)
   * @param accelRangeG accelerometer full scale, ±g (default 16)
   * @param mountingTiltStdDeg spread of device pitch/roll, degrees; yaw is always random (default
   *     5; 0 with alignedMounting)
   * @param alignedMounting devices aligned with the vehicle (default false)
   * @param gpsOutagesPerHour GPS outages of 20–120 s per hour (default 0.5)
   * @param dropProbability chance of a lost IMU sample (default 0.001)
   */
  public record Sensors(
      Double imuRateHz,
      Double accelRangeG,
      Double mountingTiltStdDeg,
      Boolean alignedMounting,
      Double gpsOutagesPerHour,
      Double dropProbability) {
    public static final Sensors DEFAULTS = new Sensors(null, null, null, null, null, null);
  }
}
