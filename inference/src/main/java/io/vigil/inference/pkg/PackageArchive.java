package io.vigil.inference.pkg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model package as one byte string, for delivery over MQTT: a zip of the package directory's
 * files ({@value ModelPackage#MANIFEST}, {@value ModelPackage#SIGNATURE}, the model and the golden
 * file). Packing is deterministic (fixed order and timestamps), so the same package always has the
 * same SHA-256, which is what a rollout announces. Unpacking trusts nothing: only flat, plainly
 * named files, a bounded count and a bounded unpacked size, so a hostile archive can neither write
 * outside the target directory nor fill the disk. The unpacked directory is then verified like any
 * package by {@link ModelPackage#load}.
 */
public final class PackageArchive {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
  private static final int MAX_ENTRIES = 16;
  private static final FileTime EPOCH = FileTime.fromMillis(315_532_800_000L); // 1980-01-01

  private PackageArchive() {}

  /**
   * The archive of the package in {@code dir}: the manifest, its signature and the files it names.
   */
  public static byte[] pack(Path dir) throws ModelPackageException {
    return pack(dir, List.of());
  }

  /**
   * The archive of the package in {@code dir} with {@code extras} after its own files, each under
   * its file name (the reports an upload to the registry carries beside the package).
   */
  public static byte[] pack(Path dir, List<Path> extras) throws ModelPackageException {
    PackageManifest manifest = ManifestJson.read(read(dir.resolve(ModelPackage.MANIFEST)));
    List<Path> files =
        new ArrayList<>(
            List.of(dir.resolve(ModelPackage.MANIFEST), dir.resolve(ModelPackage.SIGNATURE)));
    files.add(dir.resolve(manifest.model().file()));
    if (manifest.golden() != null) {
      files.add(dir.resolve(manifest.golden().file()));
    }
    files.addAll(extras);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Path file : files) {
        ZipEntry entry = new ZipEntry(file.getFileName().toString());
        entry.setLastModifiedTime(EPOCH);
        zip.putNextEntry(entry);
        zip.write(read(file));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Unpacks {@code archive} into the empty or absent directory {@code dir}.
   *
   * @param maxBytes largest total unpacked size accepted
   * @throws ModelPackageException ({@code ARCHIVE_INVALID}) for anything but a small flat archive
   */
  public static void unpack(byte[] archive, Path dir, long maxBytes) throws ModelPackageException {
    Set<String> seen = new HashSet<>();
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      Files.createDirectories(dir);
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        String name = entry.getName();
        if (entry.isDirectory() || !NAME.matcher(name).matches() || !seen.add(name)) {
          throw invalid("entry \"" + name + "\" is not a plain, unique file name");
        }
        if (seen.size() > MAX_ENTRIES) {
          throw invalid("more than " + MAX_ENTRIES + " files");
        }
        total += copy(zip, dir.resolve(name), maxBytes - total);
      }
    } catch (ZipException e) {
      throw invalid("not a zip archive (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.MISSING_FILE, "cannot unpack into " + dir + ": " + e, e);
    }
    if (seen.isEmpty()) {
      throw invalid("the archive is empty or not a zip archive");
    }
  }

  private static long copy(InputStream in, Path target, long budget)
      throws IOException, ModelPackageException {
    byte[] buffer = new byte[8192];
    long written = 0;
    try (var out = Files.newOutputStream(target)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        written += n;
        if (written > budget) {
          throw invalid("unpacks to more than the allowed size");
        }
        out.write(buffer, 0, n);
      }
    }
    return written;
  }

  private static ModelPackageException invalid(String why) {
    return new ModelPackageException(
        ModelPackageException.Problem.ARCHIVE_INVALID, "model package archive: " + why);
  }

  private static byte[] read(Path file) throws ModelPackageException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.MISSING_FILE, file + " is missing or unreadable", e);
    }
  }
}
