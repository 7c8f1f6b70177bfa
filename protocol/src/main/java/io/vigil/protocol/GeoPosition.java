package io.vigil.protocol;

/**
 * A GPS fix ({@code Vehicle.CurrentLocation.*} in COVESA VSS).
 *
 * @param latitude degrees, -90..90
 * @param longitude degrees, -180..180
 */
public record GeoPosition(double latitude, double longitude) {}
