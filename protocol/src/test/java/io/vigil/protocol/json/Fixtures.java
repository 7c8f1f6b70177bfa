package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Reads the golden fixtures in {@code fixtures/v1/} and makes altered copies of them. */
final class Fixtures {

  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/v1/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode tree(String name) {
    try {
      return (ObjectNode) JSON.readTree(bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture with {@code change} applied, serialised compactly. */
  static byte[] altered(String name, Consumer<ObjectNode> change) {
    ObjectNode tree = tree(name);
    change.accept(tree);
    return write(tree);
  }

  static byte[] write(JsonNode tree) {
    try {
      return JSON.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
