package io.vigil.agent.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration key of the agent: its name, type, unit, default and meaning, defined once in
 * {@link AgentConfig} and written into the reference configuration from here.
 *
 * @param name dotted name, e.g. {@code mqtt.server}
 * @param type what a value must look like, for error messages ("a duration such as 30s")
 * @param unit unit of the value, empty when it has none
 * @param defaultValue the default, as text (empty: no value)
 * @param doc what it does
 * @param secret whether the value must never be printed
 * @param parser text to value; throws IllegalArgumentException on bad text
 */
public record ConfigKey<T>(
    String name,
    String type,
    String unit,
    String defaultValue,
    String doc,
    boolean secret,
    Function<String, T> parser) {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern BYTES = Pattern.compile("(\\d+)(|KiB|MiB|GiB)");

  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parser, "parser");
  }

  /** The environment variable that overrides this key: {@code VIGIL_AGENT_MQTT_SERVER}. */
  public String environmentVariable() {
    return "VIGIL_AGENT_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  T parse(String text) {
    return parser.apply(text.trim());
  }

  static ConfigKey<String> text(String name, String defaultValue, String doc) {
    return new ConfigKey<>(name, "text", "", defaultValue, doc, false, s -> s);
  }

  static ConfigKey<String> secret(String name, String doc) {
    return new ConfigKey<>(name, "text", "", "", doc, true, s -> s);
  }

  static ConfigKey<java.nio.file.Path> path(String name, String defaultValue, String doc) {
    return new ConfigKey<>(
        name, "a file system path", "", defaultValue, doc, false, java.nio.file.Path::of);
  }

  static ConfigKey<java.util.Optional<java.nio.file.Path>> optionalPath(String name, String doc) {
    return new ConfigKey<>(
        name,
        "a file system path, or empty for none",
        "",
        "",
        doc,
        false,
        s ->
            s.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(java.nio.file.Path.of(s)));
  }

  static ConfigKey<Boolean> flag(String name, boolean defaultValue, String doc) {
    return new ConfigKey<>(
        name,
        "true or false",
        "",
        Boolean.toString(defaultValue),
        doc,
        false,
        s -> {
          if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("not true or false");
          }
          return Boolean.parseBoolean(s);
        });
  }

  static ConfigKey<Integer> integer(
      String name, int defaultValue, int min, int max, String unit, String doc) {
    return new ConfigKey<>(
        name,
        "a whole number from " + min + " to " + max,
        unit,
        Integer.toString(defaultValue),
        doc,
        false,
        s -> {
          int v = Integer.parseInt(s);
          if (v < min || v > max) {
            throw new IllegalArgumentException("out of range");
          }
          return v;
        });
  }

  static ConfigKey<Duration> duration(String name, String defaultValue, String doc) {
    return new ConfigKey<>(
        name,
        "a duration such as 250ms, 30s, 5m, 1h",
        "duration",
        defaultValue,
        doc,
        false,
        ConfigKey::parseDuration);
  }

  static ConfigKey<Long> bytes(String name, String defaultValue, String doc) {
    return new ConfigKey<>(
        name,
        "a size in bytes such as 1048576, 512KiB or 64MiB",
        "bytes",
        defaultValue,
        doc,
        false,
        ConfigKey::parseBytes);
  }

  static <E extends Enum<E>> ConfigKey<E> choice(
      String name, Class<E> type, E defaultValue, String doc) {
    StringBuilder names = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      names.append(names.length() == 0 ? "" : ", ").append(lower(e));
    }
    return new ConfigKey<>(
        name,
        "one of " + names,
        "",
        lower(defaultValue),
        doc,
        false,
        s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT).replace('-', '_')));
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Duration parseDuration(String s) {
    Matcher m = DURATION.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  static long parseBytes(String s) {
    Matcher m = BYTES.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "KiB" -> n << 10;
      case "MiB" -> n << 20;
      case "GiB" -> n << 30;
      default -> n;
    };
  }
}
