package io.vigil.inference.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.protocol.ModelManifest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageArchiveTest {

  private static final Path SHIPPED = Path.of("../models/vigil-driving/1.0.0");

  @TempDir Path tmp;

  private static PublicKey key() throws Exception {
    return Ed25519Pem.readPublic(SHIPPED.resolve("publisher.pub.pem"));
  }

  @Test
  void packingIsDeterministicAndUnpacksToAPackageThatVerifies() throws Exception {
    byte[] first = PackageArchive.pack(SHIPPED);
    byte[] second = PackageArchive.pack(SHIPPED);
    assertThat(second).isEqualTo(first);

    PackageArchive.unpack(first, tmp.resolve("out"), 16 << 20);

    ModelPackage pkg = ModelPackage.load(tmp.resolve("out"), key());
    assertThat(pkg.manifest().version()).isEqualTo("1.0.0");
    assertThat(pkg.golden()).isPresent();
    // Only the package's own files travel (not its report or public key).
    try (var files = Files.list(tmp.resolve("out"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("manifest.json", "manifest.sig", "model.onnx", "golden.json");
    }
  }

  @Test
  void aReleaseAnnouncesTheArchiveItCarries() throws Exception {
    PackageRelease r = PackageRelease.of(SHIPPED, key(), ModelManifest.Mode.SHADOW);

    assertThat(r.announcement().sha256()).isEqualTo(ModelPackage.sha256(r.archive()));
    assertThat(r.announcement().sizeBytes()).isEqualTo(r.archive().length);
    assertThat(r.announcement().version()).isEqualTo("1.0.0");
    assertThat(r.announcement().mode()).isEqualTo(ModelManifest.Mode.SHADOW);
    assertThat(r.announcement().signature())
        .isEqualTo(Files.readString(SHIPPED.resolve("manifest.sig")).strip());
    assertThat(r.as(ModelManifest.Mode.ACTIVE).announcement().mode())
        .isEqualTo(ModelManifest.Mode.ACTIVE);
  }

  @Test
  void refusesEntriesThatLeaveTheDirectoryOrAreNotPlainFiles() throws Exception {
    for (String name : new String[] {"../evil.onnx", "/etc/passwd", "sub/model.onnx", ".hidden"}) {
      assertThatThrownBy(() -> PackageArchive.unpack(zip(name, "x"), tmp.resolve("a"), 1 << 20))
          .isInstanceOf(ModelPackageException.class)
          .hasMessageContaining("not a plain, unique file name")
          .extracting(e -> ((ModelPackageException) e).problem())
          .isEqualTo(ModelPackageException.Problem.ARCHIVE_INVALID);
    }
    assertThat(tmp.getParent().resolve("evil.onnx")).doesNotExist();
  }

  @Test
  void refusesAnArchiveThatUnpacksBeyondItsBudget() throws Exception {
    byte[] bomb = zip("model.onnx", "0".repeat(100_000)); // compresses to a few hundred bytes

    assertThat(bomb.length).isLessThan(1000);
    assertThatThrownBy(() -> PackageArchive.unpack(bomb, tmp.resolve("b"), 50_000))
        .isInstanceOf(ModelPackageException.class)
        .hasMessageContaining("more than the allowed size");
  }

  @Test
  void refusesBytesThatAreNotAZip() {
    byte[] junk = "definitely not a zip".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> PackageArchive.unpack(junk, tmp.resolve("c"), 1 << 20))
        .isInstanceOf(ModelPackageException.class)
        .extracting(e -> ((ModelPackageException) e).problem())
        .isEqualTo(ModelPackageException.Problem.ARCHIVE_INVALID);
  }

  private static byte[] zip(String name, String content) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content.getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    return out.toByteArray();
  }
}
