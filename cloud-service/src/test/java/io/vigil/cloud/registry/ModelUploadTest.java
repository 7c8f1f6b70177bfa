package io.vigil.cloud.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.brokers.testkit.SignedPackages;
import io.vigil.inference.pkg.ModelPackageException;
import io.vigil.inference.pkg.PackageRelease;
import io.vigil.protocol.ModelManifest;
import io.vigil.protocol.drift.DriftReference;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelUploadTest {

  private static final long MAX = 8 << 20;
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @TempDir Path dir;

  @Test
  void aSignedPackageWithItsReportsIsRegisteredWithTheArchiveAgentsGet() throws Exception {
    KeyPair keys = SignedPackages.keys();
    Path pkg = SignedPackages.version(dir.resolve("1.1.0"), keys, "1.1.0", "1.0.0");
    byte[] upload =
        zip(
            pkg,
            Map.of(
                "report.html",
                "<html>report</html>",
                "gate.json",
                "{\"passed\":true}",
                DriftReference.FILE,
                new DriftReference("vigil-driving", "1.1.0", "t", 1, Map.of()).toJson()));

    RegisteredModel m = ModelUpload.read(upload, keys.getPublic(), MAX, "ada", NOW);

    PackageRelease release = PackageRelease.of(pkg, keys.getPublic(), ModelManifest.Mode.ACTIVE);
    assertThat(m.key()).isEqualTo("vigil-driving/1.1.0");
    assertThat(m.parentVersion()).isEqualTo("1.0.0");
    assertThat(m.sha256())
        .as("what model-release announces")
        .isEqualTo(release.announcement().sha256());
    assertThat(m.archive()).isEqualTo(release.archive());
    assertThat(m.announcement(ModelManifest.Mode.SHADOW))
        .isEqualTo(release.as(ModelManifest.Mode.SHADOW).announcement());
    assertThat(m.documents()).containsOnlyKeys("report.html", "gate.json", DriftReference.FILE);
    assertThat(m.registeredBy()).isEqualTo("ada");
    assertThat(m.metrics().isObject()).isTrue();
  }

  @Test
  void anUploadThatDoesNotVerifyIsRefusedNamingTheProblem() throws Exception {
    KeyPair keys = SignedPackages.keys();
    Path pkg = SignedPackages.version(dir.resolve("p"), keys, "1.1.0", null);

    assertThatThrownBy(
            () ->
                ModelUpload.read(
                    zip(pkg, Map.of()), SignedPackages.keys().getPublic(), MAX, "a", NOW))
        .isInstanceOf(ModelPackageException.class)
        .hasMessage(
            "manifest.sig: the signature does not match manifest.json and the trusted public key");

    assertThatThrownBy(
            () ->
                ModelUpload.read(
                    zip(pkg, Map.of("notes.txt", "hi")), keys.getPublic(), MAX, "a", NOW))
        .hasMessageStartingWith("unexpected file notes.txt: an upload holds the package's files");

    String otherVersion = new DriftReference("vigil-driving", "1.0.0", "t", 1, Map.of()).toJson();
    assertThatThrownBy(
            () ->
                ModelUpload.read(
                    zip(pkg, Map.of(DriftReference.FILE, otherVersion)),
                    keys.getPublic(),
                    MAX,
                    "a",
                    NOW))
        .hasMessage(
            "drift-reference.json is the reference of vigil-driving 1.0.0, not of the package"
                + " (vigil-driving 1.1.0)");
    assertThatThrownBy(
            () ->
                ModelUpload.read(
                    zip(pkg, Map.of(DriftReference.FILE, "{}")), keys.getPublic(), MAX, "a", NOW))
        .hasMessage("drift-reference.json has no model");

    byte[] model = Files.readAllBytes(pkg.resolve("model.onnx"));
    model[100] ^= 1;
    Files.write(pkg.resolve("model.onnx"), model);
    assertThatThrownBy(() -> ModelUpload.read(zip(pkg, Map.of()), keys.getPublic(), MAX, "a", NOW))
        .hasMessageContaining("model.onnx: SHA-256")
        .hasMessageContaining("does not match the manifest's");

    assertThatThrownBy(
            () -> ModelUpload.read("not a zip".getBytes(), keys.getPublic(), MAX, "a", NOW))
        .isInstanceOf(ModelPackageException.class);
  }

  /** A zip of the package's files plus {@code extra} files. */
  private static byte[] zip(Path pkg, Map<String, String> extra) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out);
        var files = Files.list(pkg)) {
      for (Path f : files.toList()) {
        z.putNextEntry(new ZipEntry(f.getFileName().toString()));
        z.write(Files.readAllBytes(f));
        z.closeEntry();
      }
      for (Map.Entry<String, String> e : extra.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
