package io.vigil.simulator;

import io.vigil.simulator.drive.DriverPersona;
import io.vigil.simulator.drive.EventRates;
import io.vigil.simulator.drive.VehicleClass;
import io.vigil.simulator.sensor.ImuSettings;
import io.vigil.simulator.sensor.Mounting;
import java.util.Objects;

/**
 * Everything that determines one simulated trip. Same settings (seed included) ⇒ same samples.
 *
 * @param seed random seed of the trip
 * @param durationS length of the trip, seconds
 * @param persona how the driver drives
 * @param vehicleClass car, van or truck
 * @param rates how often events and hard negatives happen
 * @param highwayShare fraction of road segments that are highway, 0..1
 * @param imu IMU imperfections and rate
 * @param mounting how the device sits in the vehicle
 * @param gpsOutagesPerHour how often GPS is lost for 20–120 s
 * @param originLat latitude of the start, degrees
 * @param originLon longitude of the start, degrees
 */
public record TripSettings(
    long seed,
    double durationS,
    DriverPersona persona,
    VehicleClass vehicleClass,
    EventRates rates,
    double highwayShare,
    ImuSettings imu,
    Mounting mounting,
    double gpsOutagesPerHour,
    double originLat,
    double originLon) {

  public TripSettings {
    if (!(durationS > 0)) {
      throw new IllegalArgumentException("trip duration must be positive");
    }
    Objects.requireNonNull(persona, "persona");
    Objects.requireNonNull(vehicleClass, "vehicleClass");
    Objects.requireNonNull(rates, "rates");
    Objects.requireNonNull(imu, "imu");
    Objects.requireNonNull(mounting, "mounting");
    if (highwayShare < 0 || highwayShare > 1) {
      throw new IllegalArgumentException("highwayShare must be in [0, 1]");
    }
  }

  /** A normal driver, typical rates, default IMU, aligned mounting, in Munich. */
  public static TripSettings typical(long seed, double durationS) {
    return new TripSettings(
        seed,
        durationS,
        DriverPersona.NORMAL,
        VehicleClass.CAR,
        EventRates.typical(),
        0.3,
        ImuSettings.defaults(),
        Mounting.ALIGNED,
        0.5,
        48.137,
        11.575);
  }

  public TripSettings withImu(ImuSettings newImu) {
    return new TripSettings(
        seed,
        durationS,
        persona,
        vehicleClass,
        rates,
        highwayShare,
        newImu,
        mounting,
        gpsOutagesPerHour,
        originLat,
        originLon);
  }

  public TripSettings withMounting(Mounting newMounting) {
    return new TripSettings(
        seed,
        durationS,
        persona,
        vehicleClass,
        rates,
        highwayShare,
        imu,
        newMounting,
        gpsOutagesPerHour,
        originLat,
        originLon);
  }

  public TripSettings withRates(EventRates newRates) {
    return new TripSettings(
        seed,
        durationS,
        persona,
        vehicleClass,
        newRates,
        highwayShare,
        imu,
        mounting,
        gpsOutagesPerHour,
        originLat,
        originLon);
  }
}
