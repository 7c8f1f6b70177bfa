package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.WireEnum;
import io.vigil.protocol.json.InvalidMessageException.Problem;
import io.vigil.protocol.topic.SafeId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads typed, validated fields out of one JSON object of an untrusted payload. Every failure is an
 * {@link InvalidMessageException} naming the field's full path; unknown fields are ignored.
 */
final class FieldReader {

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final ObjectNode node;
  private final String path;
  private final Instant latestTime;

  private FieldReader(ObjectNode node, String path, Instant latestTime) {
    this.node = node;
    this.path = path;
    this.latestTime = latestTime;
  }

  /** A reader of a top-level object; timestamps after {@code latestTime} are rejected. */
  static FieldReader root(ObjectNode node, Instant latestTime) {
    return new FieldReader(node, "", latestTime);
  }

  /** Whether the field is present and not null. */
  boolean has(String name) {
    JsonNode value = node.get(name);
    return value != null && !value.isNull();
  }

  String pathOf(String name) {
    String shown = name.isEmpty() ? "\"\"" : name;
    return path.isEmpty() ? shown : path + "." + shown;
  }

  // ---- presence

  private JsonNode required(String name) throws InvalidMessageException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new InvalidMessageException(pathOf(name), Problem.MISSING, "required field is missing");
    }
    return value;
  }

  private JsonNode optional(String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  // ---- strings

  String id(String name) throws InvalidMessageException {
    return checkedId(pathOf(name), textNode(name, required(name)));
  }

  private static String checkedId(String field, String value) throws InvalidMessageException {
    if (value.length() > SafeId.MAX_LENGTH) {
      throw new InvalidMessageException(
          field, Problem.TOO_LARGE, "id longer than " + SafeId.MAX_LENGTH + " characters");
    }
    if (!SafeId.isValid(value)) {
      throw new InvalidMessageException(
          field, Problem.BAD_FORMAT, "id must be 1-64 characters of [A-Za-z0-9_-]");
    }
    return value;
  }

  String text(String name, int maxLength, Pattern format, String formatName)
      throws InvalidMessageException {
    return checkedText(name, textNode(name, required(name)), maxLength, format, formatName);
  }

  Optional<String> optionalText(String name, int maxLength, Pattern format, String formatName)
      throws InvalidMessageException {
    JsonNode value = optional(name);
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(checkedText(name, textNode(name, value), maxLength, format, formatName));
  }

  private String checkedText(
      String name, String value, int maxLength, Pattern format, String formatName)
      throws InvalidMessageException {
    if (value.length() > maxLength) {
      throw new InvalidMessageException(
          pathOf(name), Problem.TOO_LARGE, "longer than " + maxLength + " characters");
    }
    if (!format.matcher(value).matches()) {
      throw new InvalidMessageException(pathOf(name), Problem.BAD_FORMAT, "not " + formatName);
    }
    return value;
  }

  private String textNode(String name, JsonNode value) throws InvalidMessageException {
    if (!value.isTextual()) {
      throw wrongType(pathOf(name), "a string", value);
    }
    return value.textValue();
  }

  UUID uuid(String name) throws InvalidMessageException {
    String value = textNode(name, required(name));
    if (!UUID_TEXT.matcher(value).matches()) {
      throw new InvalidMessageException(pathOf(name), Problem.BAD_FORMAT, "not a UUID");
    }
    return UUID.fromString(value);
  }

  <E extends Enum<E> & WireEnum> E enumValue(String name, Class<E> type)
      throws InvalidMessageException {
    return parseEnum(pathOf(name), textNode(name, required(name)), type);
  }

  <E extends Enum<E> & WireEnum> Optional<E> optionalEnum(String name, Class<E> type)
      throws InvalidMessageException {
    JsonNode value = optional(name);
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(parseEnum(pathOf(name), textNode(name, value), type));
  }

  private static <E extends Enum<E> & WireEnum> E parseEnum(
      String field, String text, Class<E> type) throws InvalidMessageException {
    for (E constant : type.getEnumConstants()) {
      if (constant.wireName().equals(text)) {
        return constant;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      allowed.add(constant.wireName());
    }
    throw new InvalidMessageException(field, Problem.BAD_FORMAT, "must be one of " + allowed);
  }

  // ---- numbers

  long integer(String name, long min, long max) throws InvalidMessageException {
    return checkedInteger(() -> pathOf(name), required(name), min, max);
  }

  // The field's path is built only for an error: arrays hold hundreds of numbers.
  private static long checkedInteger(Supplier<String> field, JsonNode value, long min, long max)
      throws InvalidMessageException {
    if (!value.isIntegralNumber()) {
      throw wrongType(field.get(), "an integer", value);
    }
    if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
      throw new InvalidMessageException(
          field.get(), Problem.OUT_OF_RANGE, "must be between " + min + " and " + max);
    }
    return value.longValue();
  }

  double number(String name, double min, double max) throws InvalidMessageException {
    return checkedNumber(() -> pathOf(name), required(name), min, max);
  }

  Optional<Double> optionalNumber(String name, double min, double max)
      throws InvalidMessageException {
    JsonNode value = optional(name);
    return value == null
        ? Optional.empty()
        : Optional.of(checkedNumber(() -> pathOf(name), value, min, max));
  }

  private static double checkedNumber(
      Supplier<String> field, JsonNode value, double min, double max)
      throws InvalidMessageException {
    if (!value.isNumber()) {
      throw wrongType(field.get(), "a number", value);
    }
    double number = value.doubleValue();
    if (!Double.isFinite(number)) {
      throw new InvalidMessageException(field.get(), Problem.OUT_OF_RANGE, "not a finite number");
    }
    if (number < min || number > max) {
      throw new InvalidMessageException(
          field.get(), Problem.OUT_OF_RANGE, "must be between " + min + " and " + max);
    }
    return number;
  }

  /** Epoch milliseconds, no earlier than 2020 and no later than the decoder allows. */
  Instant timestamp(String name) throws InvalidMessageException {
    long millis =
        checkedInteger(() -> pathOf(name), required(name), Long.MIN_VALUE, Long.MAX_VALUE);
    Instant time = Instant.ofEpochMilli(millis);
    if (time.isBefore(WireLimits.EARLIEST_TIME)) {
      throw new InvalidMessageException(
          pathOf(name), Problem.OUT_OF_RANGE, "epoch milliseconds before 2020-01-01");
    }
    if (time.isAfter(latestTime)) {
      throw new InvalidMessageException(
          pathOf(name), Problem.OUT_OF_RANGE, "too far in the future (after " + latestTime + ")");
    }
    return time;
  }

  double[] numberArray(String name, int minLength, int maxLength, double min, double max)
      throws InvalidMessageException {
    JsonNode value = required(name);
    if (!value.isArray()) {
      throw wrongType(pathOf(name), "an array of numbers", value);
    }
    if (value.size() < minLength || value.size() > maxLength) {
      throw new InvalidMessageException(
          pathOf(name),
          value.size() > maxLength ? Problem.TOO_LARGE : Problem.OUT_OF_RANGE,
          "must hold " + minLength + " to " + maxLength + " numbers, holds " + value.size());
    }
    double[] numbers = new double[value.size()];
    for (int i = 0; i < numbers.length; i++) {
      int index = i;
      numbers[i] = checkedNumber(() -> pathOf(name) + "[" + index + "]", value.get(i), min, max);
    }
    return numbers;
  }

  long[] integerArray(String name, int minLength, int maxLength, long min, long max)
      throws InvalidMessageException {
    JsonNode value = required(name);
    if (!value.isArray()) {
      throw wrongType(pathOf(name), "an array of integers", value);
    }
    if (value.size() < minLength || value.size() > maxLength) {
      throw new InvalidMessageException(
          pathOf(name),
          value.size() > maxLength ? Problem.TOO_LARGE : Problem.OUT_OF_RANGE,
          "must hold " + minLength + " to " + maxLength + " integers, holds " + value.size());
    }
    long[] numbers = new long[value.size()];
    for (int i = 0; i < numbers.length; i++) {
      int index = i;
      numbers[i] = checkedInteger(() -> pathOf(name) + "[" + index + "]", value.get(i), min, max);
    }
    return numbers;
  }

  // ---- structure

  FieldReader object(String name) throws InvalidMessageException {
    return objectReader(name, required(name));
  }

  Optional<FieldReader> optionalObject(String name) throws InvalidMessageException {
    JsonNode value = optional(name);
    return value == null ? Optional.empty() : Optional.of(objectReader(name, value));
  }

  private FieldReader objectReader(String name, JsonNode value) throws InvalidMessageException {
    if (!value.isObject()) {
      throw wrongType(pathOf(name), "an object", value);
    }
    return new FieldReader((ObjectNode) value, pathOf(name), latestTime);
  }

  /** Reads one element of a list. */
  interface ElementReader<T> {
    T read(FieldReader element) throws InvalidMessageException;
  }

  /** An optional list of objects; absent reads as empty. */
  <T> List<T> optionalList(String name, int maxSize, ElementReader<T> reader)
      throws InvalidMessageException {
    JsonNode value = optional(name);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw wrongType(pathOf(name), "an array", value);
    }
    if (value.size() > maxSize) {
      throw new InvalidMessageException(
          pathOf(name), Problem.TOO_LARGE, "more than " + maxSize + " elements");
    }
    List<T> result = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      String elementPath = pathOf(name) + "[" + i + "]";
      if (!element.isObject()) {
        throw wrongType(elementPath, "an object", element);
      }
      result.add(reader.read(new FieldReader((ObjectNode) element, elementPath, latestTime)));
    }
    return result;
  }

  /** An optional object mapping enum wire names to non-negative counts; absent reads as empty. */
  <E extends Enum<E> & WireEnum> Map<E, Long> optionalCounts(String name, Class<E> keyType)
      throws InvalidMessageException {
    Map<E, Long> counts = new EnumMap<>(keyType);
    JsonNode value = optional(name);
    if (value == null) {
      return counts;
    }
    if (!value.isObject()) {
      throw wrongType(pathOf(name), "an object", value);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String field = pathOf(name) + "." + (entry.getKey().isEmpty() ? "\"\"" : entry.getKey());
      counts.put(
          parseEnum(field, entry.getKey(), keyType),
          checkedInteger(() -> field, entry.getValue(), 0, Long.MAX_VALUE));
    }
    return counts;
  }

  /** An optional object of id keys to short printable strings; absent reads as empty. */
  Map<String, String> optionalStrings(String name, int maxEntries, int maxValueLength)
      throws InvalidMessageException {
    Map<String, String> strings = new LinkedHashMap<>();
    JsonNode value = optional(name);
    if (value == null) {
      return strings;
    }
    if (!value.isObject()) {
      throw wrongType(pathOf(name), "an object", value);
    }
    if (value.size() > maxEntries) {
      throw new InvalidMessageException(
          pathOf(name), Problem.TOO_LARGE, "more than " + maxEntries + " entries");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String field = pathOf(name) + "." + (entry.getKey().isEmpty() ? "\"\"" : entry.getKey());
      checkedId(field, entry.getKey());
      if (!entry.getValue().isTextual()) {
        throw wrongType(field, "a string", entry.getValue());
      }
      String text = entry.getValue().textValue();
      if (text.length() > maxValueLength) {
        throw new InvalidMessageException(
            field, Problem.TOO_LARGE, "longer than " + maxValueLength + " characters");
      }
      if (!WireLimits.PRINTABLE.matcher(text).matches()) {
        throw new InvalidMessageException(field, Problem.BAD_FORMAT, "not printable text");
      }
      strings.put(entry.getKey(), text);
    }
    return strings;
  }

  private static InvalidMessageException wrongType(String field, String expected, JsonNode value) {
    return new InvalidMessageException(
        field, Problem.WRONG_TYPE, "must be " + expected + ", is " + describe(value));
  }

  private static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> value.isIntegralNumber() ? "an integer" : "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
