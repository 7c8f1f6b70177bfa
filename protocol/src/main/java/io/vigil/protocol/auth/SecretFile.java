package io.vigil.protocol.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a file of credential hashes (the broker's device credentials, the cloud's users) in one
 * atomic replace, so that a process reading it at the same time sees the old file or the new one,
 * never half of either.
 */
public final class SecretFile {

  private SecretFile() {}

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
