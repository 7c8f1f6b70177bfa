package io.vigil.agent.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the outbox lives and how big and how durable it is.
 *
 * @param dir directory of the outbox (one subdirectory per kind)
 * @param capBytes bytes of segment files at most; beyond, the oldest telemetry and then the oldest
 *     events are dropped (default 64 MiB)
 * @param segmentBytes size at which a segment file is closed and a new one started (default 1 MiB)
 * @param maxMessageBytes largest message (topic + payload) accepted (default 256 KiB, the codec's
 *     payload cap)
 * @param fsync when appends are forced to the storage device (default {@link Fsync#EVENTS})
 * @param fsyncInterval for {@link Fsync#INTERVAL}: the longest time an append stays unforced
 */
public record OutboxSettings(
    Path dir,
    long capBytes,
    long segmentBytes,
    int maxMessageBytes,
    Fsync fsync,
    Duration fsyncInterval) {

  /** When an append reaches the storage device before {@code append} returns. */
  public enum Fsync {
    /** Every message: nothing is lost on power loss, at one device flush per message. */
    ALWAYS,
    /** Events (and whatever telemetry was written before them); telemetry alone is not forced. */
    EVENTS,
    /** At most {@code fsyncInterval} after a message; a power loss may lose that window. */
    INTERVAL
  }

  public OutboxSettings {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(fsync, "fsync");
    Objects.requireNonNull(fsyncInterval, "fsyncInterval");
    if (segmentBytes < 4096 || maxMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "outbox.segment-bytes must be ≥ 4096 and outbox.max-message-bytes ≥ 1024");
    }
    if (capBytes < 4 * Math.max(segmentBytes, maxMessageBytes)) {
      throw new IllegalArgumentException(
          "outbox.cap-bytes ("
              + capBytes
              + ") must be at least 4 × max(segment-bytes, max-message-bytes)");
    }
  }

  /** The defaults documented above, in {@code dir}. */
  public static OutboxSettings defaults(Path dir) {
    return new OutboxSettings(
        dir, 64L << 20, 1L << 20, 256 << 10, Fsync.EVENTS, Duration.ofSeconds(1));
  }
}
