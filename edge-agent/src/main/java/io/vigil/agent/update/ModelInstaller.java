package io.vigil.agent.update;

import io.vigil.agent.detect.DetectionModel;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.ModelPackageException;
import io.vigil.inference.pkg.ModelPackageException.Problem;
import io.vigil.inference.pkg.PackageArchive;
import io.vigil.protocol.ModelManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Turns received package archives into verified packages on disk ({@code {dir}/{sha256}/}) and
 * opens installed packages as running models. A package is installed only if the archive's size and
 * SHA-256 are the announced ones, it unpacks safely, its Ed25519 signature verifies with the
 * trusted key, its files match the signed hashes, and it is the announced name and version with the
 * announced signature; it is opened only if ONNX Runtime loads it and it passes its golden
 * self-test. A half-written install never looks installed: it is unpacked beside and renamed.
 */
public final class ModelInstaller {

  private final Path dir;
  private final PublicKey trusted;
  private final Path configured;
  private final long maxPackageBytes;

  /**
   * @param dir where verified packages are kept
   * @param trusted the key every package must be signed with
   * @param configured the package directory the agent was configured with
   * @param maxPackageBytes largest archive (and unpacked size) accepted
   */
  public ModelInstaller(Path dir, PublicKey trusted, Path configured, long maxPackageBytes) {
    this.dir = dir;
    this.trusted = trusted;
    this.configured = configured;
    this.maxPackageBytes = maxPackageBytes;
  }

  public long maxPackageBytes() {
    return maxPackageBytes;
  }

  /** Whether the package with this archive SHA-256 is verified on disk. */
  public boolean installed(String sha256) {
    return Files.isRegularFile(dir.resolve(sha256).resolve(ModelPackage.MANIFEST));
  }

  /**
   * Verifies {@code archive} against {@code announced} and keeps it on disk. Updaters share the
   * installer (a simulated fleet's vehicles may take the same package at once), so installs run one
   * at a time and a package already verified on disk is not unpacked again.
   */
  public synchronized void install(ModelManifest announced, byte[] archive)
      throws ModelPackageException {
    String actual = ModelPackage.sha256(archive);
    if (archive.length != announced.sizeBytes() || !actual.equals(announced.sha256())) {
      throw new ModelPackageException(
          Problem.HASH_MISMATCH,
          String.format(
              "package SHA-256 %s (%d bytes) does not match the announced %s (%d bytes)",
              actual, archive.length, announced.sha256(), announced.sizeBytes()));
    }
    if (installed(announced.sha256())) {
      return;
    }
    Path target = dir.resolve(announced.sha256());
    Path staging = dir.resolve(announced.sha256() + ".staging");
    try {
      deleteTree(staging);
      PackageArchive.unpack(archive, staging, maxPackageBytes);
      ModelPackage pkg = ModelPackage.load(staging, trusted);
      String signature =
          Files.readString(staging.resolve(ModelPackage.SIGNATURE), StandardCharsets.UTF_8).strip();
      if (!pkg.manifest().name().equals(announced.name())
          || !pkg.manifest().version().equals(announced.version())
          || !signature.equals(announced.signature())) {
        throw new ModelPackageException(
            Problem.MANIFEST_INVALID,
            String.format(
                "the package is %s %s, but %s %s was announced (or with another signature)",
                pkg.manifest().name(),
                pkg.manifest().version(),
                announced.name(),
                announced.version()));
      }
      deleteTree(target);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (ModelPackageException e) {
      // Name the package's file, not the staging directory it was checked in.
      throw new ModelPackageException(
          e.problem(),
          e.getMessage().replace(staging + staging.getFileSystem().getSeparator(), ""));
    } catch (IOException e) {
      throw new ModelPackageException(
          Problem.MISSING_FILE, "cannot write the package to " + dir + ": " + e, e);
    } finally {
      try {
        deleteTree(staging);
      } catch (IOException e) {
        // left for the next install of this package, which starts by deleting it
      }
    }
  }

  /** Loads an installed (or the configured) package, verifying it again, and self-tests it. */
  public DetectionModel open(UpdateRecord.Installed which) throws ModelPackageException {
    Path pkg = which == null || which.sha256() == null ? configured : dir.resolve(which.sha256());
    return DetectionModel.load(ModelPackage.load(pkg, trusted));
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
