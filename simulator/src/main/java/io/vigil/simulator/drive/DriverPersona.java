package io.vigil.simulator.drive;

/**
 * How a driver brakes, accelerates and corners. Harsh manoeuvres exceed the vendor thresholds of
 * BRIEF §4 (≈ 0.35–0.45 g); everyday ones stay well below them. Figures are in g (9.80665 m/s²).
 *
 * @param name persona name as used in scenario files
 * @param everydayLongitudinalG typical braking/acceleration magnitude in normal driving
 * @param everydayLateralG typical lateral acceleration in curves
 * @param harshShare fraction of braking/acceleration/cornering manoeuvres that are harsh
 * @param cruiseSpeedFactor cruise speed relative to the limit (above 1 is speeding)
 */
public record DriverPersona(
    String name,
    double everydayLongitudinalG,
    double everydayLateralG,
    double harshShare,
    double cruiseSpeedFactor) {

  public static final DriverPersona CALM = new DriverPersona("calm", 0.12, 0.12, 0.01, 0.95);
  public static final DriverPersona NORMAL = new DriverPersona("normal", 0.18, 0.18, 0.04, 1.0);
  public static final DriverPersona AGGRESSIVE =
      new DriverPersona("aggressive", 0.25, 0.25, 0.15, 1.12);

  public DriverPersona {
    if (everydayLongitudinalG <= 0 || everydayLongitudinalG >= 0.3) {
      throw new IllegalArgumentException("everyday longitudinal g must be in (0, 0.3)");
    }
    if (everydayLateralG <= 0 || everydayLateralG >= 0.3) {
      throw new IllegalArgumentException("everyday lateral g must be in (0, 0.3)");
    }
    if (harshShare < 0 || harshShare > 1) {
      throw new IllegalArgumentException("harshShare must be in [0, 1]");
    }
  }

  /** The persona called {@code name}: calm, normal or aggressive. */
  public static DriverPersona named(String name) {
    return switch (name) {
      case "calm" -> CALM;
      case "normal" -> NORMAL;
      case "aggressive" -> AGGRESSIVE;
      default ->
          throw new IllegalArgumentException(
              "unknown persona '" + name + "': use calm, normal or aggressive");
    };
  }
}
