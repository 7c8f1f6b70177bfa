package io.vigil.simulator.record;

/**
 * Appends a double with a fixed number of decimals, without {@code String.format} (which would
 * dominate the cost of writing recordings) and identically on every platform.
 */
final class FixedPoint {

  private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};

  private FixedPoint() {}

  static StringBuilder append(StringBuilder out, double value, int decimals) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite value: " + value);
    }
    long scale = POWERS[decimals];
    long scaled = Math.round(Math.abs(value) * scale);
    if (value < 0 && scaled != 0) {
      out.append('-');
    }
    out.append(scaled / scale);
    if (decimals > 0) {
      out.append('.');
      String fraction = Long.toString(scaled % scale);
      for (int i = fraction.length(); i < decimals; i++) {
        out.append('0');
      }
      out.append(fraction);
    }
    return out;
  }
}
