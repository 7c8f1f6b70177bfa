package io.vigil.inference.pkg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
          .enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestJson() {}

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
