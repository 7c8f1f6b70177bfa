package io.vigil.simulator.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.protocol.json.JacksonErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads scenario YAML files strictly: an unknown key (a typo), a missing required key or a bad
 * value is an {@link IOException} naming the file and the key's path.
 */
public final class ScenarioFile {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ScenarioFile() {}

  public static Scenario read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("scenario file " + file + " does not exist");
    }
    try {
      return YAML.readValue(file.toFile(), Scenario.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IOException(
          file
              + ": unknown key '"
              + e.getPropertyName()
              + "' at "
              + JacksonErrors.path(e)
              + " (known: "
              + e.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .sorted()
                  .collect(Collectors.joining(", "))
              + ")");
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      String message =
          cause == e ? JacksonErrors.firstLine(e.getOriginalMessage()) : cause.getMessage();
      if (message.startsWith("Missing required creator property")) {
        message = "missing required key";
      }
      throw new IOException(file + ": " + JacksonErrors.path(e) + ": " + message);
    } catch (IOException e) {
      throw new IOException(file + ": not valid YAML: " + JacksonErrors.firstLine(e.getMessage()));
    }
  }
}
