package io.vigil.models.pkg;

import io.vigil.inference.pkg.ManifestJson;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.PackageManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Optional;

/**
 * Writes a signed model package: the model file, the golden self-test, {@code manifest.json} with
 * both files' SHA-256, and {@code manifest.sig}, an Ed25519 signature over the manifest's exact
 * bytes.
 */
public final class PackageWriter {

  private PackageWriter() {}

  /** The golden self-test file's name in a package. */
  public static final String GOLDEN = "golden.json";

  /** Largest probability difference the golden self-test allows. */
  public static final double GOLDEN_TOLERANCE = 0.02;

  /**
   * @param manifest the manifest; its model hash and size are filled in from {@code model}
   * @param golden the golden self-test (JSON of a GoldenSet), if any
   */
  public static PackageManifest write(
      Path dir, PackageManifest manifest, byte[] model, Optional<byte[]> golden, PrivateKey key)
      throws IOException {
    Files.createDirectories(dir);
    PackageManifest.ModelFile file = manifest.model();
    PackageManifest complete =
        new PackageManifest(
            manifest.schema(),
            manifest.name(),
            manifest.version(),
            manifest.parentVersion(),
            manifest.createdAt(),
            new PackageManifest.ModelFile(
                file.file(),
                ModelPackage.sha256(model),
                model.length,
                file.precision(),
                file.opset()),
            manifest.input(),
            manifest.outputs(),
            manifest.classes(),
            manifest.anomalyThreshold(),
            manifest.eventRules(),
            manifest.metrics(),
            manifest.data(),
            manifest.training(),
            golden
                .map(
                    g ->
                        new PackageManifest.GoldenFile(
                            GOLDEN, ModelPackage.sha256(g), GOLDEN_TOLERANCE))
                .orElse(null));
    byte[] json = ManifestJson.write(complete);
    Files.write(dir.resolve(file.file()), model);
    if (golden.isPresent()) {
      Files.write(dir.resolve(GOLDEN), golden.get());
    }
    Files.write(dir.resolve(ModelPackage.MANIFEST), json);
    Files.writeString(
        dir.resolve(ModelPackage.SIGNATURE),
        ModelPackage.sign(json, key),
        StandardCharsets.US_ASCII);
    return complete;
  }
}
