package io.vigil.protocol.json;

import static io.vigil.protocol.json.InvalidMessageException.Problem.BAD_FORMAT;
import static io.vigil.protocol.json.InvalidMessageException.Problem.MALFORMED;
import static io.vigil.protocol.json.InvalidMessageException.Problem.MISSING;
import static io.vigil.protocol.json.InvalidMessageException.Problem.OUT_OF_RANGE;
import static io.vigil.protocol.json.InvalidMessageException.Problem.TOO_LARGE;
import static io.vigil.protocol.json.InvalidMessageException.Problem.UNSUPPORTED_SCHEMA;
import static io.vigil.protocol.json.InvalidMessageException.Problem.WRONG_TYPE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.json.InvalidMessageException.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Malformed payloads of every kind, each with the field and problem the codec must report and
 * whether the JSON Schema must reject it too (it cannot judge what is not JSON, what depends on the
 * clock, or cross-field rules).
 */
final class MalformedPayloads {

  /** One malformed payload. */
  record Case(
      String name,
      MessageType type,
      byte[] payload,
      String field,
      Problem problem,
      boolean schemaRejects) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final MessageType EVENT = MessageType.SAFETY_EVENT;
  private final List<Case> cases = new ArrayList<>();

  static List<Case> all() {
    MalformedPayloads p = new MalformedPayloads();
    p.rawCases();
    p.eventCases();
    p.otherTypeCases();
    return p.cases;
  }

  private void raw(String name, MessageType type, String json, String field, Problem problem) {
    cases.add(new Case(name, type, json.getBytes(StandardCharsets.UTF_8), field, problem, false));
  }

  private void altered(
      String name,
      String fixture,
      Consumer<ObjectNode> change,
      String field,
      Problem problem,
      boolean schemaRejects) {
    cases.add(
        new Case(
            name,
            SampleMessagesTypes.of(fixture),
            Fixtures.altered(fixture, change),
            field,
            problem,
            schemaRejects));
  }

  private void rawCases() {
    raw("empty payload", EVENT, "", "$", MALFORMED);
    raw(
        "truncated",
        MessageType.COMMAND,
        "{\"schema\":1,\"commandId\":\"a3c1",
        "commandId",
        MALFORMED);
    raw(
        "truncated inside nested object",
        EVENT,
        "{\"schema\":1,\"peak\":{\"lateralG\":0.",
        "peak.lateralG",
        MALFORMED);
    raw("trailing garbage", MessageType.COMMAND, "{\"schema\":1} {}", "$", MALFORMED);
    raw("NaN literal", EVENT, "{\"schema\":1,\"confidence\":NaN}", "confidence", MALFORMED);
    raw("Infinity literal", EVENT, "{\"schema\":1,\"speedKmh\":Infinity}", "speedKmh", MALFORMED);
    raw("single quotes", EVENT, "{'schema':1}", "$", MALFORMED);
    raw(
        "duplicate key",
        MessageType.COMMAND,
        "{\"schema\":1,\"type\":\"recalibrate\",\"type\":\"rollback_model\"}",
        "type",
        MALFORMED);
    cases.add(
        new Case(
            "invalid UTF-8",
            EVENT,
            new byte[] {'{', '"', 's', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
            "$",
            MALFORMED,
            false));
    String deep = "{\"schema\":1,\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
    raw("deep nesting", EVENT, deep, "x" + "[0]".repeat(32), TOO_LARGE);
    byte[] huge = new byte[CodecLimits.DEFAULT_MAX_PAYLOAD_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    huge[huge.length - 1] = '}';
    cases.add(new Case("payload over the cap", EVENT, huge, "$", TOO_LARGE, false));
    cases.add(
        new Case(
            "top level array",
            EVENT,
            "[1,2]".getBytes(StandardCharsets.UTF_8),
            "$",
            MALFORMED,
            true));
  }

  private void eventCases() {
    String e = "safety-event";
    altered("schema version 2", e, t -> t.put("schema", 2), "schema", UNSUPPORTED_SCHEMA, true);
    altered("schema missing", e, t -> t.remove("schema"), "schema", MISSING, true);
    altered("schema as string", e, t -> t.put("schema", "1"), "schema", WRONG_TYPE, true);
    altered("eventId missing", e, t -> t.remove("eventId"), "eventId", MISSING, true);
    altered(
        "eventId not a UUID", e, t -> t.put("eventId", "not-a-uuid"), "eventId", BAD_FORMAT, true);
    altered("vehicleId null", e, t -> t.putNull("vehicleId"), "vehicleId", MISSING, true);
    altered(
        "vehicleId with + wildcard",
        e,
        t -> t.put("vehicleId", "truck+"),
        "vehicleId",
        BAD_FORMAT,
        true);
    altered("fleetId with # wildcard", e, t -> t.put("fleetId", "#"), "fleetId", BAD_FORMAT, true);
    altered(
        "vehicleId with topic level",
        e,
        t -> t.put("vehicleId", "a/b"),
        "vehicleId",
        BAD_FORMAT,
        true);
    altered("driverId empty", e, t -> t.put("driverId", ""), "driverId", BAD_FORMAT, true);
    altered(
        "driverId huge string",
        e,
        t -> t.put("driverId", "d".repeat(100_000)),
        "driverId",
        TOO_LARGE,
        true);
    altered("sequence as string", e, t -> t.put("sequence", "12"), "sequence", WRONG_TYPE, true);
    altered("sequence fractional", e, t -> t.put("sequence", 1.5), "sequence", WRONG_TYPE, true);
    altered("sequence negative", e, t -> t.put("sequence", -1), "sequence", OUT_OF_RANGE, true);
    altered(
        "sequence beyond long",
        e,
        t -> t.put("sequence", new java.math.BigInteger("99999999999999999999")),
        "sequence",
        OUT_OF_RANGE,
        true);
    altered(
        "deviceTime before 2020",
        e,
        t -> t.put("deviceTimeMs", 1_500_000_000_000L),
        "deviceTimeMs",
        OUT_OF_RANGE,
        true);
    altered(
        "deviceTime in 2100",
        e,
        t -> t.put("deviceTimeMs", 4_102_444_800_000L),
        "deviceTimeMs",
        OUT_OF_RANGE,
        false);
    altered("unknown event type", e, t -> t.put("type", "drifting"), "type", BAD_FORMAT, true);
    altered("type as number", e, t -> t.put("type", 3), "type", WRONG_TYPE, true);
    altered("unknown direction", e, t -> t.put("direction", "up"), "direction", BAD_FORMAT, true);
    altered(
        "confidence above 1", e, t -> t.put("confidence", 1.2), "confidence", OUT_OF_RANGE, true);
    altered(
        "confidence boolean", e, t -> t.put("confidence", true), "confidence", WRONG_TYPE, true);
    cases.add(
        new Case(
            "speed overflowing to infinity",
            EVENT,
            new String(
                    Fixtures.altered(e, t -> t.put("speedKmh", 12345.678)), StandardCharsets.UTF_8)
                .replace("12345.678", "1e400")
                .getBytes(StandardCharsets.UTF_8),
            "speedKmh",
            OUT_OF_RANGE,
            false));
    raw("empty key", MessageType.COMMAND, "{\"\" 1}", "\"\"", MALFORMED);
    altered("negative speed", e, t -> t.put("speedKmh", -3), "speedKmh", OUT_OF_RANGE, true);
    altered(
        "latitude 91",
        e,
        t -> ((ObjectNode) t.get("position")).put("lat", 91),
        "position.lat",
        OUT_OF_RANGE,
        true);
    altered(
        "longitude -181",
        e,
        t -> ((ObjectNode) t.get("position")).put("lon", -181),
        "position.lon",
        OUT_OF_RANGE,
        true);
    altered("peak missing", e, t -> t.remove("peak"), "peak", MISSING, true);
    altered("peak as array", e, t -> t.putArray("peak"), "peak", WRONG_TYPE, true);
    altered(
        "vertical g 100",
        e,
        t -> ((ObjectNode) t.get("peak")).put("verticalG", 100),
        "peak.verticalG",
        OUT_OF_RANGE,
        true);
    altered(
        "modelVersion not semver",
        e,
        t -> t.put("modelVersion", "v1"),
        "modelVersion",
        BAD_FORMAT,
        true);
    altered(
        "snippet sample as string",
        e,
        t -> ((ArrayNode) t.get("snippet").get("ax")).set(3, "x"),
        "snippet.ax[3]",
        WRONG_TYPE,
        true);
    altered(
        "snippet axis empty",
        e,
        t -> ((ObjectNode) t.get("snippet")).putArray("ay"),
        "snippet.ay",
        OUT_OF_RANGE,
        true);
    altered(
        "snippet axes of unequal length",
        e,
        t -> ((ArrayNode) t.get("snippet").get("gz")).remove(0),
        "snippet.gz",
        BAD_FORMAT,
        false);
    altered(
        "snippet axis too long",
        e,
        t -> {
          ArrayNode ax = ((ObjectNode) t.get("snippet")).putArray("ax");
          for (int i = 0; i < 5000; i++) {
            ax.add(0.0);
          }
        },
        "snippet.ax",
        TOO_LARGE,
        true);
    altered(
        "snippet gyro saturating beyond range",
        e,
        t -> ((ArrayNode) t.get("snippet").get("gz")).set(0, 1e5),
        "snippet.gz[0]",
        OUT_OF_RANGE,
        true);
    altered(
        "snippet frame unknown",
        e,
        t -> ((ObjectNode) t.get("snippet")).put("frame", "world"),
        "snippet.frame",
        BAD_FORMAT,
        true);
  }

  private void trainingSampleCases() {
    String s = "training-sample";
    altered(
        "relabelled without a type",
        s,
        n -> ((ObjectNode) n.get("review")).remove("type"),
        "review.type",
        BAD_FORMAT,
        true);
    altered(
        "dismissed with a type",
        s,
        n -> ((ObjectNode) n.get("review")).put("verdict", "dismissed"),
        "review.type",
        BAD_FORMAT,
        true);
    altered(
        "review verdict unknown",
        s,
        n -> ((ObjectNode) n.get("review")).put("verdict", "maybe"),
        "review.verdict",
        BAD_FORMAT,
        true);
    altered("event missing", s, n -> n.remove("event"), "event", MISSING, true);
    altered(
        "nested event invalid",
        s,
        n -> ((ObjectNode) n.get("event")).put("confidence", 1.5),
        "event.confidence",
        OUT_OF_RANGE,
        true);
  }

  private void otherTypeCases() {
    trainingSampleCases();
    String t = "telemetry";
    altered(
        "feature std negative",
        t,
        n -> ((ObjectNode) n.get("featureStats").get(1)).put("std", -0.1),
        "featureStats[1].std",
        OUT_OF_RANGE,
        true);
    altered(
        "unknown event count key",
        t,
        n -> ((ObjectNode) n.get("eventCounts")).put("flying", 1),
        "eventCounts.flying",
        BAD_FORMAT,
        true);
    altered(
        "trip state unknown",
        t,
        n -> ((ObjectNode) n.get("trip")).put("state", "paused"),
        "trip.state",
        BAD_FORMAT,
        true);
    altered("trip missing", t, n -> n.remove("trip"), "trip", MISSING, true);
    altered(
        "too many feature stats",
        t,
        n -> {
          ArrayNode stats = n.putArray("featureStats");
          for (int i = 0; i < 65; i++) {
            stats
                .addObject()
                .put("name", "f" + i)
                .put("count", 1)
                .put("mean", 0)
                .put("std", 0)
                .put("min", 0)
                .put("max", 0);
          }
        },
        "featureStats",
        TOO_LARGE,
        true);
    String s = "device-status";
    altered(
        "agentVersion missing", s, n -> n.remove("agentVersion"), "agentVersion", MISSING, true);
    altered(
        "reason with control character",
        s,
        n -> n.put("reason", "bad\u0007bell"),
        "reason",
        BAD_FORMAT,
        true);
    altered("status state unknown", s, n -> n.put("state", "sleeping"), "state", BAD_FORMAT, true);
    altered(
        "update state unknown",
        s,
        n -> ((ObjectNode) n.get("modelUpdate")).put("state", "halfway"),
        "modelUpdate.state",
        BAD_FORMAT,
        true);
    String m = "model-manifest";
    altered(
        "sha256 upper case",
        m,
        n -> n.put("sha256", n.get("sha256").asText().toUpperCase(java.util.Locale.ROOT)),
        "sha256",
        BAD_FORMAT,
        true);
    altered(
        "signature wrong length",
        m,
        n -> n.put("signature", "AAAA"),
        "signature",
        BAD_FORMAT,
        true);
    altered("model size zero", m, n -> n.put("sizeBytes", 0), "sizeBytes", OUT_OF_RANGE, true);
    altered("model name with wildcard", m, n -> n.put("name", "model/#"), "name", BAD_FORMAT, true);
    String c = "command";
    altered(
        "too many command args",
        c,
        n -> {
          ObjectNode args = n.putObject("args");
          for (int i = 0; i < 17; i++) {
            args.put("k" + i, "v");
          }
        },
        "args",
        TOO_LARGE,
        true);
    altered(
        "command arg key with slash",
        c,
        n -> ((ObjectNode) n.get("args")).put("a/b", "v"),
        "args.a/b",
        BAD_FORMAT,
        true);
    altered(
        "command arg value not text",
        c,
        n -> ((ObjectNode) n.get("args")).put("n", 5),
        "args.n",
        WRONG_TYPE,
        true);
    altered(
        "command type unknown", c, n -> n.put("type", "self_destruct"), "type", BAD_FORMAT, true);
  }

  /** Fixture name to message type, without depending on the sample records. */
  private static final class SampleMessagesTypes {
    static MessageType of(String fixture) {
      return io.vigil.protocol.SampleMessages.typeOfFixture(fixture);
    }
  }
}
