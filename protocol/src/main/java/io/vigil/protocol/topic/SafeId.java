package io.vigil.protocol.topic;

import java.util.regex.Pattern;

/**
 * The character set allowed in fleet, vehicle, driver and trip ids. Ids end up inside MQTT topic
 * names, Kafka keys and URLs, so they may never contain the MQTT wildcards {@code +} and {@code #},
 * the level separator {@code /}, or the {@code .} that joins fleet and vehicle in a client id.
 */
public final class SafeId {

  /** Longest id accepted, in characters. */
  public static final int MAX_LENGTH = 64;

  private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

  private SafeId() {}

  /** Whether {@code value} is a non-null id made only of {@code [A-Za-z0-9_-]}, 1–64 chars. */
  public static boolean isValid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }

  /** Returns {@code value} or throws {@link IllegalArgumentException} naming {@code what}. */
  public static String require(String value, String what) {
    if (!isValid(value)) {
      throw new IllegalArgumentException(
          what + " must match [A-Za-z0-9_-]{1," + MAX_LENGTH + "}, got " + quoted(value));
    }
    return value;
  }

  private static String quoted(String value) {
    if (value == null) {
      return "null";
    }
    String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return "\"" + shown + "\"";
  }
}
