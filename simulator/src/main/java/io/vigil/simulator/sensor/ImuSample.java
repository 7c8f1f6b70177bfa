package io.vigil.simulator.sensor;

/**
 * One IMU reading in the device's own axes.
 *
 * @param tNs timestamp, nanoseconds since the start of the trip
 * @param ax specific force x, m/s² (reads +9.81 on the up axis at rest)
 * @param ay specific force y, m/s²
 * @param az specific force z, m/s²
 * @param gx angular velocity about x, rad/s
 * @param gy angular velocity about y, rad/s
 * @param gz angular velocity about z, rad/s
 */
public record ImuSample(
    long tNs, double ax, double ay, double az, double gx, double gy, double gz) {}
