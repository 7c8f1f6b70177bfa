package io.vigil.brokers.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.inference.pkg.ModelPackage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.function.Consumer;

/**
 * Copies of a model package (usually the shipped one), altered and signed again with a throwaway
 * key: another version, other thresholds, a broken golden file. What tests of updates, the registry
 * and rollouts roll out.
 */
public final class SignedPackages {

  /** The shipped model package, seen from any module directory. */
  public static final Path SHIPPED = Path.of("../models/vigil-driving/1.0.0");

  private static final ObjectMapper JSON = new ObjectMapper();

  private SignedPackages() {}

  /** A fresh Ed25519 key pair. */
  public static KeyPair keys() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  /**
   * Copies the package in {@code source} to {@code target} as {@code version}: {@code
   * alterManifest} may change the manifest (thresholds, parent version), {@code alterGolden} its
   * golden file (the manifest's hash of it follows); the manifest is signed with {@code keys}.
   */
  public static Path copy(
      Path source,
      Path target,
      KeyPair keys,
      String version,
      Consumer<ObjectNode> alterManifest,
      Consumer<ObjectNode> alterGolden)
      throws Exception {
    Files.createDirectories(target);
    ObjectNode manifest =
        (ObjectNode) JSON.readTree(source.resolve(ModelPackage.MANIFEST).toFile());
    String model = manifest.path("model").path("file").asText();
    Files.copy(source.resolve(model), target.resolve(model));
    if (manifest.hasNonNull("golden")) {
      ObjectNode goldenFile = (ObjectNode) manifest.get("golden");
      String name = goldenFile.path("file").asText();
      ObjectNode golden = (ObjectNode) JSON.readTree(source.resolve(name).toFile());
      alterGolden.accept(golden);
      byte[] goldenBytes = (golden.toString() + "\n").getBytes(StandardCharsets.UTF_8);
      Files.write(target.resolve(name), goldenBytes);
      goldenFile.put("sha256", ModelPackage.sha256(goldenBytes));
    }
    manifest.put("version", version);
    alterManifest.accept(manifest);
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    Files.write(target.resolve(ModelPackage.MANIFEST), bytes);
    Files.writeString(
        target.resolve(ModelPackage.SIGNATURE), ModelPackage.sign(bytes, keys.getPrivate()));
    return target;
  }

  /**
   * Swaps the expected probabilities of the first two classes of every golden window: a package
   * whose golden self-test fails on any agent.
   */
  public static void swapFirstClasses(ObjectNode golden) {
    com.fasterxml.jackson.databind.node.ArrayNode p =
        (com.fasterxml.jackson.databind.node.ArrayNode) golden.get("probabilities");
    int n = golden.get("count").asInt();
    int k = p.size() / n;
    for (int w = 0; w < n; w++) {
      com.fasterxml.jackson.databind.JsonNode a = p.get(w * k);
      p.set(w * k, p.get(w * k + 1));
      p.set(w * k + 1, a);
    }
  }

  /**
   * The shipped package as {@code version}, retrained from {@code parent}, signed with {@code
   * keys}.
   */
  public static Path version(Path target, KeyPair keys, String version, String parent)
      throws Exception {
    return copy(
        SHIPPED,
        target,
        keys,
        version,
        m -> {
          if (parent != null) {
            m.put("parentVersion", parent);
          }
        },
        g -> {});
  }
}
