package io.vigil.simulator.sensor;

import java.util.SplittableRandom;

/**
 * A 1 Hz GPS receiver: speed and position with noise, and outages (tunnels, urban canyons) during
 * which it reports nothing.
 */
public final class GpsModel {

  private static final double METRES_PER_DEGREE = 111_320;

  private final double originLat;
  private final double originLon;
  private final double outagesPerHour;
  private final SplittableRandom rng;
  private final GaussianSource normal;
  private double nextFixS = 1;
  private double outageUntilS = -1;

  /**
   * @param originLat latitude where the trip starts, degrees
   * @param originLon longitude where the trip starts, degrees
   * @param outagesPerHour how often the fix is lost for 20–120 s
   */
  public GpsModel(double originLat, double originLon, double outagesPerHour, SplittableRandom rng) {
    this.originLat = originLat;
    this.originLon = originLon;
    this.outagesPerHour = outagesPerHour;
    this.rng = rng;
    this.normal = new GaussianSource(rng);
  }

  /**
   * A fix if one is due at {@code tS}, else null; {@code x}/{@code y} are metres east/north of the
   * origin.
   */
  public GpsFix sample(double tS, double speed, double x, double y) {
    if (tS < nextFixS) {
      return null;
    }
    nextFixS += 1;
    if (tS < outageUntilS) {
      return null;
    }
    if (outagesPerHour > 0 && rng.nextDouble() < outagesPerHour / 3600) {
      outageUntilS = tS + 20 + 100 * rng.nextDouble();
      return null;
    }
    double noisySpeed = Math.max(0, speed + normal.next() * 0.15);
    double north = y + normal.next() * 2.5;
    double east = x + normal.next() * 2.5;
    double lat = originLat + north / METRES_PER_DEGREE;
    double lon = originLon + east / (METRES_PER_DEGREE * Math.cos(Math.toRadians(originLat)));
    return new GpsFix(Math.round(tS * 1e9), noisySpeed, lat, lon);
  }
}
