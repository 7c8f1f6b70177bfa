package io.vigil.simulator.drive;

/**
 * What the vehicle does at one instant, in the vehicle frame (ISO 8855: x forward, y left, z up).
 *
 * @param longitudinal acceleration commanded along x, m/s² (changes the speed)
 * @param yawRate rate of turn about z, rad/s (lateral acceleration follows as speed × yaw rate)
 * @param vertical road-induced vertical acceleration, m/s², gravity excluded
 * @param impulseLongitudinal collision impulse along x, m/s² (changes the speed)
 * @param impulseLateral collision impulse along y, m/s² (does not change the heading)
 */
public record Motion(
    double longitudinal,
    double yawRate,
    double vertical,
    double impulseLongitudinal,
    double impulseLateral) {

  public static final Motion NONE = new Motion(0, 0, 0, 0, 0);
}
