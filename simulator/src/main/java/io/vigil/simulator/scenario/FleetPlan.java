package io.vigil.simulator.scenario;

import io.vigil.simulator.TripSettings;
import io.vigil.simulator.drive.DriverPersona;
import io.vigil.simulator.drive.EventRates;
import io.vigil.simulator.drive.LabelKind;
import io.vigil.simulator.drive.VehicleClass;
import io.vigil.simulator.sensor.ImuSettings;
import io.vigil.simulator.sensor.Mounting;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Expands a {@link Scenario} into one {@link TripSettings} per vehicle. Each vehicle's seed and
 * mounting come from the scenario seed and the vehicle's position in the file, so a vehicle keeps
 * its trip when others are added after it.
 */
public final class FleetPlan {

  /**
   * One vehicle of the plan.
   *
   * @param fleetId fleet
   * @param vehicleId vehicle
   * @param driverId driver of the vehicle's trip
   * @param trip what the vehicle's trip is made from
   */
  public record Vehicle(String fleetId, String vehicleId, String driverId, TripSettings trip) {}

  private FleetPlan() {}

  public static List<Vehicle> of(Scenario scenario) {
    EventRates rates = rates(scenario);
    ImuSettings imu = imu(scenario.sensors());
    Scenario.Sensors s = scenario.sensors();
    double tilt = s.mountingTiltStdDeg() == null ? 5 : s.mountingTiltStdDeg();
    boolean aligned = Boolean.TRUE.equals(s.alignedMounting());
    double outages = s.gpsOutagesPerHour() == null ? 0.5 : s.gpsOutagesPerHour();
    double highway = scenario.highwayShare() == null ? 0.3 : scenario.highwayShare();

    List<Vehicle> vehicles = new ArrayList<>();
    SplittableRandom seeds = new SplittableRandom(scenario.seed());
    for (Scenario.VehicleGroup group : scenario.vehicles()) {
      DriverPersona persona = DriverPersona.named(group.persona());
      for (int i = 1; i <= group.count(); i++) {
        long seed = seeds.nextLong();
        SplittableRandom vehicleRng = new SplittableRandom(seed);
        Mounting mounting = aligned ? Mounting.ALIGNED : Mounting.random(vehicleRng, tilt);
        String vehicleId = String.format(java.util.Locale.ROOT, "%s%04d", group.idPrefix(), i);
        TripSettings trip =
            new TripSettings(
                seed,
                scenario.tripMinutes() * 60,
                persona,
                VehicleClass.named(group.vehicleClass()),
                rates,
                highway,
                imu,
                mounting,
                outages,
                48.137 + vehicleRng.nextDouble() * 0.1,
                11.575 + vehicleRng.nextDouble() * 0.1);
        String driverId =
            String.format(
                java.util.Locale.ROOT,
                "%s%04d",
                group.driverPrefix(),
                (i - 1) % group.drivers() + 1);
        vehicles.add(new Vehicle(group.fleet(), vehicleId, driverId, trip));
      }
    }
    return vehicles;
  }

  private static EventRates rates(Scenario scenario) {
    EventRates typical = EventRates.typical();
    Map<LabelKind, Double> rates = new EnumMap<>(LabelKind.class);
    rates.putAll(typical.perHour());
    for (Map.Entry<String, Double> e : scenario.ratesPerHour().entrySet()) {
      LabelKind kind;
      try {
        kind = LabelKind.fromCsv(e.getKey());
      } catch (IllegalArgumentException unknown) {
        throw new IllegalArgumentException("ratesPerHour: unknown label '" + e.getKey() + "'");
      }
      rates.put(kind, e.getValue());
    }
    double stops =
        scenario.stopsPerHour() == null ? typical.stopsPerHour() : scenario.stopsPerHour();
    return new EventRates(rates, stops);
  }

  private static ImuSettings imu(Scenario.Sensors s) {
    ImuSettings d = ImuSettings.defaults();
    return new ImuSettings(
        s.imuRateHz() == null ? d.rateHz() : s.imuRateHz(),
        d.accelNoiseStd(),
        d.gyroNoiseStd(),
        d.accelBiasStd(),
        d.gyroBiasStd(),
        d.accelBiasWalk(),
        d.scaleErrorStd(),
        s.accelRangeG() == null ? d.rangeG() : s.accelRangeG(),
        d.gyroRangeRadS(),
        d.vibrationAmplitude(),
        d.timestampJitterStd(),
        s.dropProbability() == null ? d.dropProbability() : s.dropProbability());
  }
}
