package io.vigil.protocol;

/**
 * Peak accelerations seen during an event, in g (9.80665 m/s²), in the vehicle frame (ISO 8855: x
 * forward, y left, z up), signed.
 *
 * @param longitudinalG along x; negative when braking
 * @param lateralG along y; positive to the left
 * @param verticalG along z, gravity removed
 */
public record PeakAcceleration(double longitudinalG, double lateralG, double verticalG) {}
