package io.vigil.simulator.sensor;

/**
 * One GPS fix.
 *
 * @param tNs timestamp, nanoseconds since the start of the trip
 * @param speedMps ground speed, m/s
 * @param latitude degrees
 * @param longitude degrees
 */
public record GpsFix(long tNs, double speedMps, double latitude, double longitude) {}
