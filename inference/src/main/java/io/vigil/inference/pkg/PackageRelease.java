package io.vigil.inference.pkg;

import io.vigil.protocol.ModelManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What is published to roll a model out over MQTT: the package {@linkplain PackageArchive archive}
 * (retained on its content-addressed package topic) and the announcement naming it (retained on the
 * fleet's or a vehicle's model topic) with the archive's SHA-256 and size and the package's
 * signature. Only a package that verifies with {@code key} is released.
 *
 * @param announcement the protocol manifest to publish
 * @param archive the archive bytes whose SHA-256 the announcement carries
 */
public record PackageRelease(ModelManifest announcement, byte[] archive) {

  /** Verifies the package in {@code dir} and builds its release. */
  public static PackageRelease of(Path dir, PublicKey key, ModelManifest.Mode mode)
      throws ModelPackageException {
    PackageManifest m = ModelPackage.load(dir, key).manifest();
    byte[] archive = PackageArchive.pack(dir);
    String signature;
    try {
      signature =
          new String(
                  Files.readAllBytes(dir.resolve(ModelPackage.SIGNATURE)), StandardCharsets.UTF_8)
              .strip();
    } catch (java.io.IOException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.MISSING_FILE, "cannot read the signature: " + e, e);
    }
    Instant created;
    try {
      created = Instant.parse(m.createdAt());
    } catch (DateTimeParseException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.MANIFEST_INVALID,
          "manifest.json: createdAt " + m.createdAt() + " is not an ISO-8601 instant");
    }
    return new PackageRelease(
        new ModelManifest(
            m.name(),
            m.version(),
            Optional.ofNullable(m.parentVersion()),
            ModelPackage.sha256(archive),
            archive.length,
            signature,
            created,
            mode),
        archive);
  }

  /** The same release announced in another mode (shadow, then active). */
  public PackageRelease as(ModelManifest.Mode mode) {
    ModelManifest a = announcement;
    return new PackageRelease(
        new ModelManifest(
            a.name(),
            a.version(),
            a.parentVersion(),
            a.sha256(),
            a.sizeBytes(),
            a.signature(),
            a.createdAt(),
            mode),
        archive);
  }
}
