package io.vigil.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The retained model announcement on {@code vigil/v1/{fleet}/model} (or a vehicle's override). It
 * names a signed model package; the agent fetches the bytes, checks {@code sha256} and the Ed25519
 * {@code signature} against its configured public key, and only then loads it.
 *
 * @param name model name
 * @param version semantic version
 * @param parentVersion version this one was retrained from
 * @param sha256 lower-case hex SHA-256 of the model package bytes
 * @param sizeBytes size of the model package, bytes
 * @param signature base64 Ed25519 signature of the package manifest and model
 * @param createdAt when the package was built
 * @param mode whether the model becomes active or runs in shadow beside the active one
 */
public record ModelManifest(
    String name,
    String version,
    Optional<String> parentVersion,
    String sha256,
    long sizeBytes,
    String signature,
    Instant createdAt,
    Mode mode)
    implements VigilMessage {

  public ModelManifest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(parentVersion, "parentVersion");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(mode, "mode");
  }

  /** How the agent runs the announced model. */
  public enum Mode implements WireEnum {
    ACTIVE,
    SHADOW
  }
}
