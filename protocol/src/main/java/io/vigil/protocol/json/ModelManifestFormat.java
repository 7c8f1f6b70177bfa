package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.ModelManifest;

/** Wire form of {@link ModelManifest}; see {@code model-manifest.schema.json}. */
final class ModelManifestFormat implements WireFormat<ModelManifest> {

  @Override
  public void write(ModelManifest m, ObjectNode out) {
    out.put("name", m.name());
    out.put("version", m.version());
    m.parentVersion().ifPresent(p -> out.put("parentVersion", p));
    out.put("sha256", m.sha256());
    out.put("sizeBytes", m.sizeBytes());
    out.put("signature", m.signature());
    out.put("createdAtMs", m.createdAt().toEpochMilli());
    out.put("mode", m.mode().wireName());
  }

  @Override
  public ModelManifest read(FieldReader in) throws InvalidMessageException {
    return new ModelManifest(
        in.id("name"),
        in.text("version", WireLimits.MAX_SEMVER_LENGTH, WireLimits.SEMVER, "a semantic version"),
        in.optionalText(
            "parentVersion", WireLimits.MAX_SEMVER_LENGTH, WireLimits.SEMVER, "a semantic version"),
        in.text("sha256", 64, WireLimits.SHA256_HEX, "64 lower-case hex digits"),
        in.integer("sizeBytes", 1, WireLimits.MAX_MODEL_BYTES),
        in.text("signature", 88, WireLimits.ED25519_BASE64, "a base64 Ed25519 signature"),
        in.timestamp("createdAtMs"),
        in.enumValue("mode", ModelManifest.Mode.class));
  }
}
