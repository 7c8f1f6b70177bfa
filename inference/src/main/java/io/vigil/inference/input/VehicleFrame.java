package io.vigil.inference.input;

/**
 * The rotation from a device's axes to the vehicle frame as far as a calibration knows it. Gravity
 * alone gives "up" ({@link #fromGravity}); the yaw about "up" stays arbitrary until driving reveals
 * the forward axis ({@link #withForwardAt}), and {@link #headingKnown()} says which of the two a
 * model sees. Immutable; cheap to apply per sample.
 */
public final class VehicleFrame {

  private static final VehicleFrame IDENTITY =
      new VehicleFrame(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, true);

  private final double[] r; // row-major 3×3, device → vehicle
  private final boolean headingKnown;

  private VehicleFrame(double[] r, boolean headingKnown) {
    this.r = r;
    this.headingKnown = headingKnown;
  }

  /** A device mounted exactly along the vehicle's axes. */
  public static VehicleFrame identity() {
    return IDENTITY;
  }

  /**
   * A frame from a full device → vehicle rotation, row-major.
   *
   * @param rowMajor 9 values of the rotation matrix
   * @param headingKnown whether the rotation's yaw is known or arbitrary
   */
  public static VehicleFrame of(double[] rowMajor, boolean headingKnown) {
    if (rowMajor.length != 9) {
      throw new IllegalArgumentException("a rotation has 9 entries, not " + rowMajor.length);
    }
    return new VehicleFrame(rowMajor.clone(), headingKnown);
  }

  /**
   * The smallest rotation that takes the measured mean specific force (device axes, m/s²) onto +z.
   * The yaw about z is arbitrary, so the heading is unknown.
   */
  public static VehicleFrame fromGravity(double gx, double gy, double gz) {
    double norm = Math.sqrt(gx * gx + gy * gy + gz * gz);
    if (!(norm > 1e-6)) {
      throw new IllegalArgumentException("no gravity in the mean acceleration");
    }
    double ux = gx / norm;
    double uy = gy / norm;
    double uz = gz / norm;
    // Rodrigues: axis k = u × z, cos θ = u·z.
    double kx = uy;
    double ky = -ux;
    double s = Math.sqrt(kx * kx + ky * ky);
    double c = uz;
    if (s < 1e-9) {
      return c > 0
          ? new VehicleFrame(IDENTITY.r.clone(), false)
          : new VehicleFrame(new double[] {1, 0, 0, 0, -1, 0, 0, 0, -1}, false);
    }
    kx /= s;
    ky /= s;
    double v = 1 - c;
    double[] m = {
      c + kx * kx * v,
      kx * ky * v,
      ky * s,
      kx * ky * v,
      c + ky * ky * v,
      -kx * s,
      -ky * s,
      kx * s,
      c
    };
    return new VehicleFrame(m, false);
  }

  /**
   * This frame turned about "up" so that the horizontal direction at {@code yawRad} (measured in
   * this frame, counter-clockwise from x) becomes forward. The heading is then known.
   */
  public VehicleFrame withForwardAt(double yawRad) {
    double c = Math.cos(-yawRad);
    double s = Math.sin(-yawRad);
    double[] rz = {c, -s, 0, s, c, 0, 0, 0, 1};
    return new VehicleFrame(multiply(rz, r), true);
  }

  /** This frame followed by a further rotation (row-major), e.g. a calibration's residual error. */
  public VehicleFrame followedBy(double[] rowMajor) {
    if (rowMajor.length != 9) {
      throw new IllegalArgumentException("a rotation has 9 entries, not " + rowMajor.length);
    }
    return new VehicleFrame(multiply(rowMajor, r), headingKnown);
  }

  /** This frame with its yaw forgotten: what a model sees before the heading converges. */
  public VehicleFrame withArbitraryYaw(double yawRad) {
    return new VehicleFrame(withForwardAt(yawRad).r, false);
  }

  public boolean headingKnown() {
    return headingKnown;
  }

  /** The rotation, row-major (a copy). */
  public double[] rotation() {
    return r.clone();
  }

  /** Writes {@code R · (x, y, z)} into {@code out[offset..offset+2]}. */
  public void toVehicle(double x, double y, double z, double[] out, int offset) {
    out[offset] = r[0] * x + r[1] * y + r[2] * z;
    out[offset + 1] = r[3] * x + r[4] * y + r[5] * z;
    out[offset + 2] = r[6] * x + r[7] * y + r[8] * z;
  }

  private static double[] multiply(double[] a, double[] b) {
    double[] m = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
      }
    }
    return m;
  }
}
