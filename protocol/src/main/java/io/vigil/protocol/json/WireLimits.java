package io.vigil.protocol.json;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Ranges and sizes the codec accepts, in one place. The JSON Schema files in {@code
 * io/vigil/protocol/schema/v1/} state the same bounds; a test keeps the two in agreement.
 */
final class WireLimits {

  private WireLimits() {}

  /** Earliest plausible timestamp: nothing in Vigil predates it. */
  static final Instant EARLIEST_TIME = Instant.parse("2020-01-01T00:00:00Z");

  /** |peak| in g: above ±16 g sensor saturation with margin for high-range crash sensors. */
  static final double MAX_ABS_G = 64;

  /** |acceleration| in a snippet, m/s² (≈ 65 g). */
  static final double MAX_ABS_ACCEL_MS2 = 640;

  /** |angular velocity| in a snippet, rad/s (≈ 4000 °/s, the largest common gyro range). */
  static final double MAX_ABS_GYRO_RADS = 70;

  static final double MAX_SPEED_KMH = 400;
  static final double MAX_ANOMALY_SCORE = 1e6;
  static final long MAX_EVENT_DURATION_MS = 600_000;
  static final double MIN_SNIPPET_RATE_HZ = 1;
  static final double MAX_SNIPPET_RATE_HZ = 1000;
  static final long MAX_SNIPPET_OFFSET_MS = 60_000;
  static final int MAX_SNIPPET_SAMPLES = 4000;
  static final int MAX_BATCH_SAMPLES = 2000;
  static final int MAX_BATCH_GPS_FIXES = 100;
  static final double MAX_TRIP_DISTANCE_M = 1e7;
  static final double MAX_TRIP_DURATION_S = 1e7;
  static final double MAX_LATENCY_US = 1e9;
  static final int MAX_FEATURE_STATS = 64;
  static final double MAX_ABS_FEATURE_VALUE = 1e9;
  static final int MAX_COMMAND_ARGS = 16;
  static final int MAX_ARG_VALUE_LENGTH = 256;
  static final int MAX_REASON_LENGTH = 256;
  static final int MAX_DETAIL_LENGTH = 512;
  static final int MAX_AGENT_VERSION_LENGTH = 64;
  static final long MAX_MODEL_BYTES = 512L * 1024 * 1024;

  /** Semantic version 2.0.0 (major.minor.patch, optional pre-release and build), ≤ 64 chars. */
  static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})"
              + "(-[0-9A-Za-z.-]{1,32})?(\\+[0-9A-Za-z.-]{1,32})?");

  static final int MAX_SEMVER_LENGTH = 64;
  static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** Base64 of a 64-byte Ed25519 signature. */
  static final Pattern ED25519_BASE64 = Pattern.compile("[A-Za-z0-9+/]{86}==");

  /** Printable text without control characters. */
  static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]*");
}
