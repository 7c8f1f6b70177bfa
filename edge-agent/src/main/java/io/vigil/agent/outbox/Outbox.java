package io.vigil.agent.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk outbox every message passes through before it is published: an append-only {@link
 * SegmentedLog} per kind (events, telemetry), each record checksummed. A record leaves only when
 * the broker acknowledged it ({@link #acknowledge}) or when the size cap forces a drop: the oldest
 * telemetry goes first, and only when no telemetry is left the oldest events, each drop counted and
 * logged. Records of a kind are handed out oldest first, so a vehicle's events keep their order.
 *
 * <p>Durability ({@link OutboxSettings.Fsync}): by default an event is forced to the storage device
 * before {@link #append} returns (events are rare and must survive power loss) and telemetry rides
 * along with the next event or {@link #sync()}. Thread-safe.
 */
public final class Outbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** What a record carries; telemetry is dropped before events. */
  public enum Kind {
    EVENT,
    TELEMETRY
  }

  /**
   * A record waiting for its acknowledgement.
   *
   * @param kind events or telemetry
   * @param seq its sequence number within the kind
   * @param topic MQTT topic to publish on
   * @param payload message bytes
   */
  public record Message(Kind kind, long seq, String topic, byte[] payload) {}

  /**
   * Counters and sizes, for metrics and telemetry.
   *
   * @param pendingEvents events on disk not yet acknowledged
   * @param pendingTelemetry telemetry messages on disk not yet acknowledged
   * @param diskBytes bytes of segment files
   * @param droppedEvents events dropped by the cap since start
   * @param droppedTelemetry telemetry messages dropped by the cap since start
   * @param truncatedBytes bytes of torn or corrupt tails cut off at start
   */
  public record Stats(
      long pendingEvents,
      long pendingTelemetry,
      long diskBytes,
      long droppedEvents,
      long droppedTelemetry,
      long truncatedBytes) {}

  private final OutboxSettings settings;
  private final Clock clock;
  private final Map<Kind, SegmentedLog> logs = new EnumMap<>(Kind.class);
  private final Map<Kind, Long> dropped = new EnumMap<>(Kind.class);
  private Instant lastSync;
  private Instant lastWatermark;

  private Outbox(OutboxSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.lastSync = clock.instant();
    this.lastWatermark = clock.instant();
  }

  /** Opens the outbox in {@code settings.dir()}, recovering what a previous run left. */
  public static Outbox open(OutboxSettings settings, Clock clock) throws IOException {
    Outbox outbox = new Outbox(settings, clock);
    try {
      for (Kind kind : Kind.values()) {
        outbox.logs.put(
            kind,
            SegmentedLog.open(
                settings.dir().resolve(kind.name().toLowerCase(java.util.Locale.ROOT)),
                settings.segmentBytes(),
                settings.maxMessageBytes()));
        outbox.dropped.put(kind, 0L);
      }
    } catch (IOException | RuntimeException e) {
      outbox.close();
      throw e;
    }
    Stats s = outbox.stats();
    if (s.pendingEvents() + s.pendingTelemetry() > 0 || s.truncatedBytes() > 0) {
      LOG.info(
          "outbox: resuming with {} events and {} telemetry messages to deliver ({} bytes of torn"
              + " tail cut off)",
          s.pendingEvents(),
          s.pendingTelemetry(),
          s.truncatedBytes());
    }
    return outbox;
  }

  /**
   * Writes a message to disk; it is durable as the fsync policy says when this returns. If the cap
   * would be exceeded, the oldest telemetry and then the oldest events are dropped first.
   */
  public synchronized Message append(Kind kind, String topic, byte[] payload) throws IOException {
    byte[] record = encode(topic, payload);
    if (record.length > settings.maxMessageBytes()) {
      throw new IllegalArgumentException(
          "message of "
              + record.length
              + " bytes exceeds outbox.max-message-bytes ("
              + settings.maxMessageBytes()
              + ")");
    }
    makeRoom(record.length + RecordFormat.HEADER_BYTES);
    boolean force =
        switch (settings.fsync()) {
          case ALWAYS -> true;
          case EVENTS -> kind == Kind.EVENT;
          case INTERVAL -> !clock.instant().isBefore(lastSync.plus(settings.fsyncInterval()));
        };
    long seq = logs.get(kind).append(record, false);
    if (force) {
      syncAll();
    }
    return new Message(kind, seq, topic, payload);
  }

  private void makeRoom(long bytes) throws IOException {
    while (diskBytes() + bytes > settings.capBytes()) {
      if (reclaimDeadSpace()) {
        continue;
      }
      Kind victim = logs.get(Kind.TELEMETRY).liveCount() > 0 ? Kind.TELEMETRY : Kind.EVENT;
      SegmentedLog log = logs.get(victim);
      long oldest = log.oldestLive();
      if (oldest < 0) {
        return; // nothing left to drop: the remaining bytes are dead space in active segments
      }
      log.release(oldest);
      long count = dropped.merge(victim, 1L, Long::sum);
      if (victim == Kind.EVENT) {
        LOG.warn(
            "outbox: full ({} bytes cap); dropped the oldest undelivered event (seq {}, {} dropped"
                + " so far)",
            settings.capBytes(),
            oldest,
            count);
      } else if (count == 1 || count % 1000 == 0) {
        LOG.warn("outbox: full; dropping the oldest telemetry ({} so far)", count);
      }
    }
  }

  private boolean reclaimDeadSpace() throws IOException {
    boolean freed = false;
    for (SegmentedLog log : logs.values()) {
      freed |= log.reclaimActive();
    }
    return freed;
  }

  /** Forces everything appended so far to the storage device. */
  public synchronized void sync() throws IOException {
    syncAll();
  }

  private void syncAll() throws IOException {
    for (SegmentedLog log : logs.values()) {
      log.force();
    }
    lastSync = clock.instant();
  }

  /**
   * Up to {@code max} messages of {@code kind} after sequence number {@code afterSeq}, oldest first
   * ({@code -1} for the oldest). A publisher keeps its position and restarts from -1 after a
   * reconnect, which resends everything not acknowledged.
   */
  public synchronized List<Message> after(Kind kind, long afterSeq, int max) {
    SegmentedLog log = logs.get(kind);
    List<Message> out = new ArrayList<>(Math.min(max, 64));
    long seq = afterSeq;
    try {
      while (out.size() < max && (seq = log.nextLive(seq)) >= 0) {
        out.add(decode(kind, seq, log.read(seq)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("outbox: cannot read " + kind + " " + seq, e);
    }
    return out;
  }

  /** The broker acknowledged {@code seq}: it leaves the outbox. Unknown numbers are ignored. */
  public synchronized void acknowledge(Kind kind, long seq) throws IOException {
    logs.get(kind).release(seq);
    Instant now = clock.instant();
    if (!now.isBefore(lastWatermark.plus(Duration.ofSeconds(1)))) {
      for (SegmentedLog log : logs.values()) {
        log.writeWatermark();
      }
      lastWatermark = now;
    }
  }

  public synchronized Stats stats() {
    return new Stats(
        logs.get(Kind.EVENT).liveCount(),
        logs.get(Kind.TELEMETRY).liveCount(),
        diskBytes(),
        dropped.get(Kind.EVENT),
        dropped.get(Kind.TELEMETRY),
        logs.values().stream().mapToLong(SegmentedLog::truncatedBytes).sum());
  }

  private long diskBytes() {
    return logs.values().stream().mapToLong(SegmentedLog::diskBytes).sum();
  }

  private static byte[] encode(String topic, byte[] payload) {
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    if (t.length > 0xFFFF) {
      throw new IllegalArgumentException("topic too long");
    }
    return ByteBuffer.allocate(2 + t.length + payload.length)
        .putShort((short) t.length)
        .put(t)
        .put(payload)
        .array();
  }

  private static Message decode(Kind kind, long seq, byte[] record) {
    ByteBuffer b = ByteBuffer.wrap(record);
    byte[] t = new byte[Short.toUnsignedInt(b.getShort())];
    b.get(t);
    byte[] payload = new byte[b.remaining()];
    b.get(payload);
    return new Message(kind, seq, new String(t, StandardCharsets.UTF_8), payload);
  }

  @Override
  public synchronized void close() throws IOException {
    IOException first = null;
    for (SegmentedLog log : logs.values()) {
      try {
        log.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    logs.clear();
    if (first != null) {
      throw first;
    }
  }
}
