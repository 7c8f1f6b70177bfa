package io.vigil.protocol.json;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of a {@link ProtocolCodec} that deployments may tune.
 *
 * @param maxPayloadBytes largest payload decoded, bytes (default 262,144 = 256 KiB; a 10 s snippet
 *     at 200 Hz is ≈ 100 KiB)
 * @param maxFutureSkew how far ahead of the decoder's clock a device timestamp may be (default 1
 *     day; device clocks drift, absurd ones are rejected)
 * @param maxNestingDepth deepest JSON nesting read (default 32; messages need 4)
 */
public record CodecLimits(int maxPayloadBytes, Duration maxFutureSkew, int maxNestingDepth) {

  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofDays(1);
  public static final int DEFAULT_MAX_NESTING_DEPTH = 32;

  public CodecLimits {
    if (maxPayloadBytes < 1024) {
      throw new IllegalArgumentException("maxPayloadBytes must be at least 1024");
    }
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must not be negative");
    }
    if (maxNestingDepth < 8) {
      throw new IllegalArgumentException("maxNestingDepth must be at least 8");
    }
  }

  /** The documented defaults. */
  public static CodecLimits defaults() {
    return new CodecLimits(
        DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_FUTURE_SKEW, DEFAULT_MAX_NESTING_DEPTH);
  }
}
