package io.vigil.mqtt;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for reconnect attempts: attempt {@code n} (from 1) waits a random
 * time between {@code (1 - jitter)} and 1 times {@code min(max, initial · 2^(n-1))}. The jitter
 * spreads a fleet's reconnects after a broker restart instead of having every device knock at the
 * same moment.
 *
 * @param initial delay before the first retry (default 1 s)
 * @param max cap on any delay (default 60 s)
 * @param jitter fraction of the delay that is randomised, 0..1 (default 0.5)
 */
public record ReconnectBackoff(Duration initial, Duration max, double jitter) {

  public ReconnectBackoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive");
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max backoff must be at least the initial backoff");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1");
    }
  }

  /** 1 s doubling to 60 s, half of each delay randomised. */
  public static ReconnectBackoff defaults() {
    return new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5);
  }

  /**
   * The delay before attempt {@code attempt} (1 = first retry), given a uniform random number in
   * [0, 1) from {@code random}.
   */
  public Duration delayFor(int attempt, DoubleSupplier random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1");
    }
    long initialMs = initial.toMillis();
    long maxMs = max.toMillis();
    int shift = Math.min(attempt - 1, 62);
    long ceiling = shift >= Long.numberOfLeadingZeros(initialMs) - 1 ? maxMs : initialMs << shift;
    ceiling = Math.min(ceiling, maxMs);
    double r = random.getAsDouble();
    long delay = Math.round(ceiling * (1 - jitter * r));
    return Duration.ofMillis(Math.max(1, delay));
  }
}
