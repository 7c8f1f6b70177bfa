package io.vigil.cloud.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.protocol.ModelManifest;
import io.vigil.protocol.drift.DriftReference;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed model package in the cloud's registry (the compacted {@code vigil.models} topic, keyed
 * by {@link #key}): the canonical archive agents receive, the facts of its manifest, and the
 * reports that came with it (evaluation report, retraining gate).
 *
 * @param name model name
 * @param version semantic version
 * @param parentVersion version it was retrained from, null for a first model
 * @param sha256 SHA-256 of {@code archive}, what announcements name
 * @param sizeBytes size of {@code archive}
 * @param signature base64 Ed25519 signature of the package manifest
 * @param createdAt when the package was built (ISO-8601, from its manifest)
 * @param registeredAtMs when it was registered, epoch ms
 * @param registeredBy who registered it
 * @param metrics the manifest's evaluation metrics
 * @param archive the package archive, as agents receive it
 * @param documents reports by file name ({@link ModelUpload#DOCUMENTS})
 */
public record RegisteredModel(
    String name,
    String version,
    String parentVersion,
    String sha256,
    long sizeBytes,
    String signature,
    String createdAt,
    long registeredAtMs,
    String registeredBy,
    JsonNode metrics,
    byte[] archive,
    Map<String, String> documents) {

  public RegisteredModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(archive, "archive");
    documents = documents == null ? Map.of() : Map.copyOf(documents);
  }

  /** The registry key of a model version. */
  public static String key(String name, String version) {
    return name + "/" + version;
  }

  public String key() {
    return key(name, version);
  }

  /**
   * The package's drift reference, if it came with one.
   *
   * @throws IllegalArgumentException if the document does not parse (the registry checks it on
   *     upload; only a record written some other way can hold a bad one)
   */
  public Optional<DriftReference> driftReference() {
    String json = documents.get(DriftReference.FILE);
    return json == null ? Optional.empty() : Optional.of(DriftReference.parse(json));
  }

  /** The announcement that rolls this package out, active or in shadow. */
  public ModelManifest announcement(ModelManifest.Mode mode) {
    return new ModelManifest(
        name,
        version,
        Optional.ofNullable(parentVersion),
        sha256,
        sizeBytes,
        signature,
        Instant.parse(createdAt),
        mode);
  }

  /** The same package registered by someone else at another time (for idempotent uploads). */
  public boolean samePackageAs(RegisteredModel other) {
    return other != null && sha256.equals(other.sha256) && key().equals(other.key());
  }
}
