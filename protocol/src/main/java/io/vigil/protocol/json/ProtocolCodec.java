package io.vigil.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.vigil.protocol.Review;
import io.vigil.protocol.VigilMessage;
import io.vigil.protocol.json.InvalidMessageException.Problem;
import io.vigil.protocol.topic.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes protocol messages to versioned JSON and decodes untrusted payloads strictly. Decoding
 * checks the payload size, JSON well-formedness, nesting depth, duplicate keys, the {@code schema}
 * version, required fields, types, ranges, formats and timestamps (not before 2020, not further
 * ahead of this codec's clock than {@link CodecLimits#maxFutureSkew()}). Unknown fields are ignored
 * so that newer devices can add fields. Every failure is an {@link InvalidMessageException} naming
 * the field. Thread-safe.
 */
public final class ProtocolCodec {

  private final Clock clock;
  private final CodecLimits limits;
  private final ObjectMapper mapper;

  /** A codec with {@link CodecLimits#defaults()}. */
  public ProtocolCodec(Clock clock) {
    this(clock, CodecLimits.defaults());
  }

  public ProtocolCodec(Clock clock, CodecLimits limits) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxStringLength(limits.maxPayloadBytes())
                    .maxNumberLength(64)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper = JsonMapper.builder(factory).build();
  }

  public CodecLimits limits() {
    return limits;
  }

  /** The JSON bytes of {@code message}, {@code "schema": 1} first. */
  public byte[] encode(VigilMessage message) {
    ObjectNode out = mapper.createObjectNode();
    out.put("schema", VigilMessage.SCHEMA_VERSION);
    MessageType.of(message.getClass()).<VigilMessage>format().write(message, out);
    try {
      return mapper.writeValueAsBytes(out);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write an in-memory JSON tree", e);
    }
  }

  /**
   * The JSON of a training sample of the safety event {@code eventJson} (a message this codec
   * decoded, exactly as received) with its review, if any. The event is copied, not re-encoded: the
   * same sample as {@code encode(new TrainingSample(event, review))} without formatting its
   * hundreds of snippet numbers again.
   */
  public byte[] encodeTrainingSample(String eventJson, Optional<Review> review) {
    ObjectNode out = mapper.createObjectNode();
    out.put("schema", VigilMessage.SCHEMA_VERSION);
    out.putRawValue("event", new RawValue(eventJson));
    review.ifPresent(r -> TrainingSampleFormat.writeReview(r, out));
    try {
      return mapper.writeValueAsBytes(out);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write an in-memory JSON tree", e);
    }
  }

  /** Decodes a payload that must be of {@code type}. */
  public <T extends VigilMessage> T decode(byte[] payload, Class<T> type)
      throws InvalidMessageException {
    return type.cast(decode(payload, MessageType.of(type)));
  }

  /** Decodes the payload of a message received on a topic of {@code channel}. */
  public VigilMessage decode(byte[] payload, Channel channel) throws InvalidMessageException {
    return decode(payload, MessageType.of(channel));
  }

  /** Decodes a payload that must be of {@code type}. */
  public VigilMessage decode(byte[] payload, MessageType type) throws InvalidMessageException {
    if (payload == null || payload.length == 0) {
      throw new InvalidMessageException("$", Problem.MALFORMED, "empty payload");
    }
    if (payload.length > limits.maxPayloadBytes()) {
      throw new InvalidMessageException(
          "$",
          Problem.TOO_LARGE,
          "payload of " + payload.length + " bytes exceeds " + limits.maxPayloadBytes());
    }
    JsonNode root = parse(payload);
    if (!root.isObject()) {
      throw new InvalidMessageException("$", Problem.MALFORMED, "payload must be a JSON object");
    }
    checkSchemaVersion(root.get("schema"));
    FieldReader reader =
        FieldReader.root((ObjectNode) root, clock.instant().plus(limits.maxFutureSkew()));
    return type.format().read(reader);
  }

  private JsonNode parse(byte[] payload) throws InvalidMessageException {
    // Parse through a parser we hold, so that every failure can say where the parser stopped.
    try (JsonParser parser = mapper.createParser(payload)) {
      try {
        JsonNode root = mapper.readTree(parser);
        if (root == null) {
          throw new InvalidMessageException("$", Problem.MALFORMED, "no JSON value");
        }
        if (parser.nextToken() != null) {
          throw new InvalidMessageException(
              "$", Problem.MALFORMED, "trailing content after the JSON value");
        }
        return root;
      } catch (StreamConstraintsException e) {
        throw new InvalidMessageException(
            locationOf(parser), Problem.TOO_LARGE, firstLine(e.getOriginalMessage()));
      } catch (JsonProcessingException e) {
        throw new InvalidMessageException(
            locationOf(parser),
            Problem.MALFORMED,
            "malformed JSON: " + firstLine(e.getOriginalMessage()));
      }
    } catch (IOException e) {
      throw new InvalidMessageException("$", Problem.MALFORMED, "unreadable payload");
    }
  }

  private static void checkSchemaVersion(JsonNode schema) throws InvalidMessageException {
    if (schema == null || schema.isNull()) {
      throw new InvalidMessageException("schema", Problem.MISSING, "required field is missing");
    }
    if (!schema.isIntegralNumber()) {
      throw new InvalidMessageException("schema", Problem.WRONG_TYPE, "must be an integer");
    }
    if (!schema.canConvertToInt() || schema.intValue() != VigilMessage.SCHEMA_VERSION) {
      throw new InvalidMessageException(
          "schema",
          Problem.UNSUPPORTED_SCHEMA,
          "schema version "
              + schema.asText()
              + " is not supported; this codec reads "
              + VigilMessage.SCHEMA_VERSION);
    }
  }

  /** The path where the parser stopped, as {@code a.b[3]}, or {@code $} at the top. */
  private static String locationOf(JsonParser parser) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = parser.getParsingContext(); c != null; c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.inObject() && c.getCurrentName() != null) {
        String name = c.getCurrentName();
        parts.push("." + (name.isEmpty() ? "\"\"" : name));
      }
    }
    String path = String.join("", parts);
    if (path.isEmpty()) {
      return "$";
    }
    return path.startsWith(".") ? path.substring(1) : path;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
