package io.vigil.agent.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A small JSON state file that is either the old or the new content after a crash or power loss:
 * written to a temporary sibling, forced to disk, then renamed over the target. Used for the
 * agent's calibrations and model update state.
 */
public final class AtomicJsonFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AtomicJsonFile() {}

  /**
   * Writes {@code value} as the new content of {@code file}.
   *
   * @param durable force the new content to the storage device before the rename (the old or new
   *     content survives power loss); without it a crash may leave the old content
   */
  public static void write(Path file, Object value, boolean durable) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    if (durable) {
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads {@code file} as a {@code type}. */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    return JSON.readValue(file.toFile(), type);
  }
}
