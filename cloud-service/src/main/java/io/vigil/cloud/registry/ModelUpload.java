package io.vigil.cloud.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.ModelPackageException;
import io.vigil.inference.pkg.PackageArchive;
import io.vigil.inference.pkg.PackageManifest;
import io.vigil.protocol.drift.DriftReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns an uploaded zip (a model package's files, and optionally its reports) into a {@link
 * RegisteredModel}, trusting nothing: the zip must be small and flat, the package must verify with
 * the publisher's key exactly as an agent verifies it, and nothing but the package's own files and
 * the known reports may be in it. The archive kept is re-packed canonically, so its SHA-256 is the
 * one {@code vigil model-release} would announce for the same package.
 */
public final class ModelUpload {

  /** Reports that may come with a package and are kept beside it. */
  public static final List<String> DOCUMENTS =
      List.of("report.html", "report.json", "gate.html", "gate.json", DriftReference.FILE);

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelUpload() {}

  /**
   * @param zip the uploaded bytes
   * @param publisher the key packages must be signed with
   * @param maxBytes largest unpacked size accepted
   * @param by who uploads it
   * @param at when
   * @throws ModelPackageException naming what is wrong with the upload
   */
  public static RegisteredModel read(
      byte[] zip, PublicKey publisher, long maxBytes, String by, Instant at)
      throws ModelPackageException {
    Path dir;
    try {
      dir = Files.createTempDirectory("vigil-upload");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
    try {
      PackageArchive.unpack(zip, dir.resolve("pkg"), maxBytes);
      Path pkg = dir.resolve("pkg");
      PackageManifest m;
      try {
        m = ModelPackage.load(pkg, publisher).manifest();
      } catch (ModelPackageException e) {
        throw new ModelPackageException(
            e.problem(), e.getMessage().replace(pkg.toString() + "/", ""), e);
      }
      List<String> own =
          new java.util.ArrayList<>(
              List.of(ModelPackage.MANIFEST, ModelPackage.SIGNATURE, m.model().file()));
      if (m.golden() != null) {
        own.add(m.golden().file());
      }
      Set<String> allowed = new HashSet<>(own);
      allowed.addAll(DOCUMENTS);
      Map<String, String> documents = new LinkedHashMap<>();
      for (String f : files(pkg)) {
        if (!allowed.contains(f)) {
          throw new ModelPackageException(
              ModelPackageException.Problem.ARCHIVE_INVALID,
              "unexpected file "
                  + f
                  + ": an upload holds the package's files ("
                  + String.join(", ", own)
                  + ") and optionally "
                  + String.join(", ", DOCUMENTS));
        }
        if (DOCUMENTS.contains(f)) {
          documents.put(f, Files.readString(pkg.resolve(f), StandardCharsets.UTF_8));
        }
      }
      try {
        Instant.parse(m.createdAt());
      } catch (DateTimeParseException e) {
        throw new ModelPackageException(
            ModelPackageException.Problem.MANIFEST_INVALID,
            "manifest.json: createdAt " + m.createdAt() + " is not an ISO-8601 instant");
      }
      checkDriftReference(documents.get(DriftReference.FILE), m.name(), m.version());
      byte[] archive = PackageArchive.pack(pkg);
      String signature =
          Files.readString(pkg.resolve(ModelPackage.SIGNATURE), StandardCharsets.UTF_8).strip();
      JsonNode metrics = m.metrics() == null ? JSON.createObjectNode() : m.metrics();
      return new RegisteredModel(
          m.name(),
          m.version(),
          m.parentVersion(),
          ModelPackage.sha256(archive),
          archive.length,
          signature,
          m.createdAt(),
          at.toEpochMilli(),
          by,
          metrics,
          archive,
          documents);
    } catch (IOException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.ARCHIVE_INVALID, "cannot read the upload: " + e, e);
    } finally {
      delete(dir);
    }
  }

  /**
   * What an upload of the package in {@code pkg} holds: its own files and the {@link #DOCUMENTS}
   * found in {@code pkg/report}, flat in one zip (what {@code vigil model-register} sends and the
   * trainer registers).
   */
  public static byte[] archive(Path pkg) throws ModelPackageException {
    List<Path> reports = new java.util.ArrayList<>();
    for (String d : DOCUMENTS) {
      Path p = pkg.resolve("report").resolve(d);
      if (Files.isRegularFile(p)) {
        reports.add(p);
      }
    }
    return PackageArchive.pack(pkg, reports);
  }

  /** A drift reference must be readable and of this very package, or fleets are misjudged. */
  private static void checkDriftReference(String json, String name, String version)
      throws ModelPackageException {
    if (json == null) {
      return;
    }
    DriftReference r;
    try {
      r = DriftReference.parse(json);
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.ARCHIVE_INVALID, e.getMessage());
    }
    if (!r.model().equals(name) || !r.version().equals(version)) {
      throw new ModelPackageException(
          ModelPackageException.Problem.ARCHIVE_INVALID,
          DriftReference.FILE
              + " is the reference of "
              + r.model()
              + " "
              + r.version()
              + ", not of the package ("
              + name
              + " "
              + version
              + ")");
    }
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless; the upload's outcome stands.
    }
  }
}
