package io.vigil.models.pkg;

import io.vigil.inference.pkg.ManifestJson;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.PackageManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * Writes a signed model package: the model file, {@code manifest.json} with the model's SHA-256,
 * and {@code manifest.sig}, an Ed25519 signature over the manifest's exact bytes.
 */
public final class PackageWriter {

  private PackageWriter() {}

  /**
   * @param manifest the manifest; its model hash and size are filled in from {@code model}
   */
  public static PackageManifest write(
      Path dir, PackageManifest manifest, byte[] model, PrivateKey key) throws IOException {
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
            manifest.training());
    byte[] json = ManifestJson.write(complete);
    Files.write(dir.resolve(file.file()), model);
    Files.write(dir.resolve(ModelPackage.MANIFEST), json);
    Files.writeString(
        dir.resolve(ModelPackage.SIGNATURE),
        ModelPackage.sign(json, key),
        StandardCharsets.US_ASCII);
    return complete;
  }
}
