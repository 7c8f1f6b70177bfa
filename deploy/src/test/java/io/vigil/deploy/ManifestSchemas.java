package io.vigil.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonParser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Offline schema validation of Kubernetes manifests. Built-in kinds are checked by Kubernetes' own
 * OpenAPI models (the official Java client's {@code validateJsonElement}, which refuses unknown
 * fields, missing required fields and wrong JSON types, recursively); Strimzi's kinds by Strimzi's
 * API model, deserialized strictly and then searched for properties it did not know (its classes
 * keep those aside instead of failing).
 */
final class ManifestSchemas {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper STRICT =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();
  private static final Map<String, String> STRIMZI_KINDS =
      Map.of(
          "Kafka", "io.strimzi.api.kafka.model.kafka.Kafka",
          "KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool",
          "KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic");

  private ManifestSchemas() {}

  /** The problems of one manifest document; empty when it is valid. */
  static List<String> problems(JsonNode doc) {
    String apiVersion = doc.path("apiVersion").asText();
    String kind = doc.path("kind").asText();
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      return List.of("apiVersion and kind are required");
    }
    try {
      if (apiVersion.startsWith("kafka.strimzi.io/")) {
        return strimzi(apiVersion, kind, doc);
      }
      String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
      Class<?> model =
          Class.forName(
              "io.kubernetes.client.openapi.models."
                  + Character.toUpperCase(version.charAt(0))
                  + version.substring(1)
                  + kind);
      Method validate = model.getMethod("validateJsonElement", com.google.gson.JsonElement.class);
      validate.invoke(null, JsonParser.parseString(JSON.writeValueAsString(doc)));
      return List.of();
    } catch (ClassNotFoundException e) {
      return List.of("no Kubernetes model for " + apiVersion + " " + kind);
    } catch (InvocationTargetException e) {
      return List.of(String.valueOf(e.getCause().getMessage()));
    } catch (ReflectiveOperationException | java.io.IOException e) {
      return List.of(e.toString());
    }
  }

  private static List<String> strimzi(String apiVersion, String kind, JsonNode doc)
      throws ReflectiveOperationException {
    if (!apiVersion.equals("kafka.strimzi.io/v1beta2")) {
      return List.of("unsupported Strimzi API version " + apiVersion);
    }
    String className = STRIMZI_KINDS.get(kind);
    if (className == null) {
      return List.of("no Strimzi model for " + kind);
    }
    Object resource;
    try {
      resource = STRICT.treeToValue(doc, Class.forName(className));
    } catch (java.io.IOException | IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    unknownProperties(resource, kind, problems, new IdentityHashMap<>());
    // What the model could not hold (an enum value it does not know reads as null) is lost on
    // the way back out.
    JsonNode in = doc.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) in).remove("apiVersion"); // checked above
    lostOnRoundTrip(in, STRICT.valueToTree(resource), kind, problems);
    return problems;
  }

  private static boolean isDefault(JsonNode value) {
    return value.isNull()
        || (value.isBoolean() && !value.asBoolean())
        || (value.isNumber() && value.asDouble() == 0)
        || (value.isContainerNode() && value.isEmpty());
  }

  private static void lostOnRoundTrip(
      JsonNode in, JsonNode out, String path, List<String> problems) {
    if (in.isObject()) {
      in.fields()
          .forEachRemaining(
              e -> {
                JsonNode o = out.get(e.getKey());
                if ((o == null || o.isNull()) && isDefault(e.getValue())) {
                  return; // the model leaves out what equals its default
                }
                if (o == null || o.isNull()) {
                  problems.add(path + "." + e.getKey() + ": invalid value " + e.getValue());
                } else {
                  lostOnRoundTrip(e.getValue(), o, path + "." + e.getKey(), problems);
                }
              });
    } else if (in.isArray()) {
      if (!out.isArray() || out.size() != in.size()) {
        problems.add(path + ": invalid value " + in);
        return;
      }
      for (int i = 0; i < in.size(); i++) {
        lostOnRoundTrip(in.get(i), out.get(i), path + "[" + i + "]", problems);
      }
    } else if (!in.asText().equals(out.asText())) {
      problems.add(path + ": invalid value " + in + " (read as " + out + ")");
    }
  }

  /** Walks the model's getters and reports every property the model set aside as unknown. */
  private static void unknownProperties(
      Object value, String path, List<String> problems, Map<Object, Boolean> seen)
      throws ReflectiveOperationException {
    if (value == null || seen.put(value, true) != null) {
      return;
    }
    if (value instanceof Iterable<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownProperties(item, path + "[" + i++ + "]", problems, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        unknownProperties(e.getValue(), path + "." + e.getKey(), problems, seen);
      }
      return;
    }
    String pkg = value.getClass().getPackageName();
    if (!pkg.startsWith("io.strimzi") && !pkg.startsWith("io.fabric8")) {
      return;
    }
    for (Method m : value.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || !m.getName().startsWith("get")
          || m.getName().equals("getClass")
          || m.getReturnType().isPrimitive()
          || m.getReturnType().isEnum()
          || m.getReturnType() == String.class) {
        continue;
      }
      Object child = m.invoke(value);
      if (m.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          problems.add(path + ": unknown field(s) " + Set.copyOf(extra.keySet()));
        }
        continue;
      }
      unknownProperties(child, path + "." + property(m.getName()), problems, seen);
    }
  }

  private static String property(String getter) {
    return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
  }
}
