package io.vigil.simulator.drive;

/**
 * The kind of vehicle: it sets the wheelbase (how far apart a speed bump's two hits are), the speed
 * the driver holds on highways, and how briskly everyday acceleration happens. Harsh events keep
 * their g values for every class, so that one set of thresholds serves the whole fleet.
 *
 * @param name class name as used in scenario files
 * @param wheelbaseM distance between axles, metres
 * @param highwayKmh typical highway speed, km/h
 * @param everydayScale factor on the driver's everyday accelerations
 */
public record VehicleClass(
    String name, double wheelbaseM, double highwayKmh, double everydayScale) {

  public static final VehicleClass CAR = new VehicleClass("car", 2.7, 110, 1.0);
  public static final VehicleClass VAN = new VehicleClass("van", 3.4, 100, 0.85);
  public static final VehicleClass TRUCK = new VehicleClass("truck", 5.5, 80, 0.6);

  public VehicleClass {
    if (wheelbaseM <= 0 || highwayKmh <= 0 || everydayScale <= 0) {
      throw new IllegalArgumentException("vehicle class values must be positive");
    }
  }

  /** The class called {@code name}: car, van or truck. */
  public static VehicleClass named(String name) {
    return switch (name) {
      case "car" -> CAR;
      case "van" -> VAN;
      case "truck" -> TRUCK;
      default ->
          throw new IllegalArgumentException(
              "unknown vehicle class '" + name + "': use car, van or truck");
    };
  }
}
