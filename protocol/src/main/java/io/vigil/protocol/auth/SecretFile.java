package io.vigil.protocol.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of credential hashes (the broker's device credentials, the cloud's users): one entry per
 * line of whitespace-separated fields, {@code #} comments. Written in one atomic replace, so that a
 * process reading it at the same time sees the old file or the new one, never half of either.
 */
public final class SecretFile {

  /**
   * One entry.
   *
   * @param number line number in the file, from 1, for error messages
   * @param fields the line's fields
   */
  public record Line(int number, String[] fields) {}

  private SecretFile() {}

  /** The entries of {@code file}; none if it does not exist. */
  public static List<Line> read(Path file) throws IOException {
    List<Line> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        out.add(new Line(i + 1, line.split("\\s+")));
      }
    }
    return out;
  }

  /** What tells a changed file from the one read before: its modification time, null if none. */
  public static FileTime version(Path file) throws IOException {
    return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
  }

  /** Replaces {@code target} with {@code lines}, creating its directory if needed. */
  public static void write(Path target, List<String> lines) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
