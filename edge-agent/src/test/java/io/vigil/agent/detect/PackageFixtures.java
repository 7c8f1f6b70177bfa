package io.vigil.agent.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.inference.pkg.ManifestJson;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.PackageManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.function.Consumer;

/** Copies of the shipped model package, altered and signed again with a throwaway key. */
public final class PackageFixtures {

  public static final Path SHIPPED = io.vigil.agent.testing.AgentTestKit.SHIPPED;

  private PackageFixtures() {}

  /** A fresh Ed25519 key pair. */
  public static KeyPair keys() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  /**
   * Copies the shipped package to {@code dir}, lets {@code alterGolden} change its golden file,
   * updates the manifest's hash of it and signs the manifest with {@code keys}.
   */
  public static Path copy(Path dir, KeyPair keys, Consumer<ObjectNode> alterGolden)
      throws Exception {
    return copy(dir, keys, "1.0.0", alterGolden);
  }

  /** As {@link #copy(Path, KeyPair, Consumer)}, with another version in the manifest. */
  public static Path copy(Path dir, KeyPair keys, String version, Consumer<ObjectNode> alterGolden)
      throws Exception {
    Files.createDirectories(dir);
    for (String f : new String[] {"model.onnx", "golden.json"}) {
      Files.copy(SHIPPED.resolve(f), dir.resolve(f));
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode golden = (ObjectNode) json.readTree(dir.resolve("golden.json").toFile());
    alterGolden.accept(golden);
    byte[] goldenBytes = (golden.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("golden.json"), goldenBytes);
    PackageManifest m = ManifestJson.read(Files.readAllBytes(SHIPPED.resolve("manifest.json")));
    PackageManifest altered =
        new PackageManifest(
            m.schema(),
            m.name(),
            version,
            m.parentVersion(),
            m.createdAt(),
            m.model(),
            m.input(),
            m.outputs(),
            m.classes(),
            m.anomalyThreshold(),
            m.eventRules(),
            m.metrics(),
            m.data(),
            m.training(),
            new PackageManifest.GoldenFile(
                "golden.json", ModelPackage.sha256(goldenBytes), m.golden().tolerance()));
    byte[] manifest = ManifestJson.write(altered);
    Files.write(dir.resolve(ModelPackage.MANIFEST), manifest);
    Files.writeString(
        dir.resolve(ModelPackage.SIGNATURE), ModelPackage.sign(manifest, keys.getPrivate()));
    return dir;
  }

  /** Swaps the expected probabilities of the first two classes of every golden window. */
  public static void swapFirstClasses(ObjectNode golden) {
    ArrayNode p = (ArrayNode) golden.get("probabilities");
    int k = p.size() / golden.get("count").asInt();
    for (int w = 0; w < golden.get("count").asInt(); w++) {
      double a = p.get(w * k).asDouble();
      p.set(w * k, p.get(w * k + 1));
      p.set(w * k + 1, a);
    }
  }
}
