package io.vigil.inference.pkg;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.vigil.inference.decision.EventRules;
import io.vigil.protocol.json.JacksonErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON mapping of {@link PackageManifest}, for the writer (models pipeline) and the readers
 * (agent, cloud registry). Unknown fields are ignored so that newer manifests stay readable.
 */
public final class ManifestJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .registerModule(
              new SimpleModule().addDeserializer(EventRules.class, new EventRulesReader()));

  private ManifestJson() {}

  /**
   * Event rules, strict about every field but {@code minPeakG}: rules written before the physical
   * floor existed get none (0), so such a package decodes as it always did.
   */
  private static final class EventRulesReader extends StdDeserializer<EventRules> {
    EventRulesReader() {
      super(EventRules.class);
    }

    @Override
    public EventRules deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode n = p.readValueAsTree();
      try {
        return new EventRules(
            number(n, "hysteresis", ctxt).doubleValue(),
            number(n, "minWindows", ctxt).intValue(),
            number(n, "maxGapWindows", ctxt).intValue(),
            number(n, "cooldownS", ctxt).doubleValue(),
            number(n, "collisionClass", ctxt).intValue(),
            n.has("minPeakG") ? number(n, "minPeakG", ctxt).doubleValue() : 0);
      } catch (IllegalArgumentException e) {
        return ctxt.reportInputMismatch(EventRules.class, "%s", e.getMessage());
      }
    }

    private static Number number(JsonNode n, String field, DeserializationContext ctxt)
        throws IOException {
      JsonNode v = n.get(field);
      if (v == null || !v.isNumber()) {
        return ctxt.reportInputMismatch(EventRules.class, "eventRules.%s must be a number", field);
      }
      return v.numberValue();
    }
  }

  public static byte[] write(PackageManifest manifest) {
    try {
      return (MAPPER.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("manifest cannot be written as JSON", e);
    }
  }

  public static PackageManifest read(byte[] json) throws ModelPackageException {
    try {
      return MAPPER.readValue(json, PackageManifest.class);
    } catch (JsonMappingException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String where = e.getPathReference() == null ? "" : " at " + JacksonErrors.path(e);
      throw new ModelPackageException(
          ModelPackageException.Problem.MANIFEST_INVALID,
          "manifest.json is invalid" + where + ": " + JacksonErrors.firstLine(root.getMessage()),
          e);
    } catch (IOException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.MANIFEST_INVALID,
          "manifest.json is not valid JSON: " + JacksonErrors.firstLine(e.getMessage()),
          e);
    }
  }
}
