package io.vigil.protocol.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a model's training inputs looked like, per input channel: histograms over the protocol's
 * {@link FeatureBins}, counted from the training windows as agents count their live inputs. Written
 * by the model pipeline as {@value #FILE} beside a package's report; the cloud compares each
 * fleet's telemetry histograms with it ({@link StabilityIndex}). Each channel's bins are written
 * out with its counts, and a channel whose bins are not the protocol's is refused on reading, so
 * counts made with other bins can never be compared.
 *
 * @param model model name
 * @param version model version
 * @param source what was counted (for people: scenario and its SHA-256)
 * @param windows windows counted
 * @param counts histogram counts by channel wire name
 */
public record DriftReference(
    String model, String version, String source, long windows, Map<String, long[]> counts) {

  /** The file name, in a package's report directory and in the registry. */
  public static final String FILE = "drift-reference.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public DriftReference {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(source, "source");
    counts = Map.copyOf(counts);
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      FeatureBins bins =
          FeatureBins.of(e.getKey())
              .orElseThrow(
                  () -> new IllegalArgumentException("no protocol bins for " + e.getKey()));
      if (e.getValue().length != bins.size()) {
        throw new IllegalArgumentException(
            e.getKey() + " has " + e.getValue().length + " counts, its bins " + bins.size());
      }
    }
  }

  /** The JSON of {@value #FILE}. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model).put("version", version).put("source", source);
    root.put("windows", windows);
    ObjectNode channels = root.putObject("channels");
    new java.util.TreeMap<>(counts)
        .forEach(
            (name, c) -> {
              FeatureBins b = FeatureBins.of(name).orElseThrow();
              ObjectNode ch = channels.putObject(name);
              ch.put("low", b.low()).put("high", b.high()).put("inner", b.inner());
              ArrayNode a = ch.putArray("counts");
              for (long v : c) {
                a.add(v);
              }
            });
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads {@value #FILE}.
   *
   * @throws IllegalArgumentException naming what is wrong: not JSON, a missing field, or a channel
   *     whose bins are not the protocol's
   */
  public static DriftReference parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(FILE + " is not JSON: " + e.getOriginalMessage());
    }
    for (String f : new String[] {"model", "version", "source", "windows", "channels"}) {
      if (root == null || !root.hasNonNull(f)) {
        throw new IllegalArgumentException(FILE + " has no " + f);
      }
    }
    Map<String, long[]> counts = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.get("channels").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode ch = e.getValue();
      FeatureBins bins =
          FeatureBins.of(e.getKey())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(FILE + ": no protocol bins for " + e.getKey()));
      if (ch.path("low").asDouble(Double.NaN) != bins.low()
          || ch.path("high").asDouble(Double.NaN) != bins.high()
          || ch.path("inner").asInt(-1) != bins.inner()) {
        throw new IllegalArgumentException(
            FILE + ": " + e.getKey() + " was counted with other bins than the protocol's " + bins);
      }
      JsonNode a = ch.path("counts");
      long[] c = new long[a.size()];
      for (int i = 0; i < c.length; i++) {
        c[i] = a.get(i).asLong();
      }
      counts.put(e.getKey(), c);
    }
    try {
      return new DriftReference(
          root.get("model").asText(),
          root.get("version").asText(),
          root.get("source").asText(),
          root.get("windows").asLong(),
          counts);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(FILE + ": " + e.getMessage());
    }
  }
}
