package io.vigil.agent.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of records in one directory, split into segment files named by their first
 * sequence number. Records are released (acknowledged or dropped) in any order; a segment file is
 * deleted once none of its records is live. The lowest live sequence number is kept in the file
 * {@code acked} (not forced to disk: after a crash a few acknowledged records may be delivered
 * again, which receivers deduplicate), so a restart resumes where delivery stood.
 *
 * <p>On open every segment is scanned and checked record by record; the first torn or corrupt
 * record ends its segment, which is truncated there with a warning in the log. Appends always go to
 * a new segment after a restart, never after a recovered tail. Not thread-safe: {@link Outbox}
 * serialises access.
 */
final class SegmentedLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);
  private static final String WATERMARK = "acked";

  private final Path dir;
  private final long segmentBytes;
  private final int maxPayload;
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private Segment active;
  private long diskBytes;
  private long liveCount;
  private long truncatedBytes;
  private long watermarkWritten = -1;

  private SegmentedLog(Path dir, long segmentBytes, int maxPayload) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.maxPayload = maxPayload;
  }

  /** Opens (creating if needed) the log in {@code dir} and recovers what is on disk. */
  static SegmentedLog open(Path dir, long segmentBytes, int maxPayload) throws IOException {
    Files.createDirectories(dir);
    SegmentedLog log = new SegmentedLog(dir, segmentBytes, maxPayload);
    log.recover();
    return log;
  }

  private void recover() throws IOException {
    long watermark = readWatermark();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> p.getFileName().toString().matches("\\d{20}\\.log")).sorted().toList();
    }
    long next = watermark;
    for (Path file : files) {
      long base = Long.parseLong(file.getFileName().toString().substring(0, 20));
      Segment segment = load(base, file);
      next = Math.max(next, segment.nextSeq());
      for (long seq = segment.base; seq < Math.min(watermark, segment.nextSeq()); seq++) {
        segment.release(seq);
      }
      if (segment.liveCount() == 0) {
        delete(segment);
      } else {
        segments.put(base, segment);
        diskBytes += segment.bytes();
        liveCount += segment.liveCount();
      }
    }
    active = create(next);
  }

  private Segment load(long base, Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    Segment segment = new Segment(base, file, channel);
    long size = channel.size();
    if (size > Integer.MAX_VALUE) {
      throw new IOException(file + " is larger than 2 GiB; not an outbox segment");
    }
    ByteBuffer content = ByteBuffer.allocate((int) size);
    while (content.hasRemaining() && channel.read(content, content.position()) >= 0) {
      // read the whole segment
    }
    content.flip();
    while (content.hasRemaining()) {
      int at = content.position();
      int recordSize = RecordFormat.validate(content, segment.nextSeq(), maxPayload);
      if (recordSize < 0) {
        LOG.warn(
            "outbox: {} has a torn or corrupt record at byte {}; truncated there, {} bytes dropped"
                + " ({} intact records kept)",
            file,
            at,
            size - at,
            segment.count());
        channel.truncate(at);
        channel.force(true);
        truncatedBytes += size - at;
        break;
      }
      segment.added(at, recordSize);
      content.position(at + recordSize);
    }
    return segment;
  }

  private Segment create(long base) throws IOException {
    Path file = dir.resolve(Segment.fileName(base));
    FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    // The new file's directory entry must survive a power loss as well as its records.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
    Segment segment = new Segment(base, file, channel);
    segments.put(base, segment);
    return segment;
  }

  /**
   * Appends {@code payload}; with {@code force} it is on the storage device when this returns.
   *
   * @return its sequence number
   */
  long append(byte[] payload, boolean force) throws IOException {
    if (payload.length > maxPayload) {
      throw new IllegalArgumentException(
          "record of " + payload.length + " bytes exceeds the limit of " + maxPayload);
    }
    ByteBuffer record = RecordFormat.encode(active.nextSeq(), payload);
    if (active.count() > 0 && active.bytes() + record.remaining() > segmentBytes) {
      roll();
      record = RecordFormat.encode(active.nextSeq(), payload);
    }
    long seq = active.nextSeq();
    int offset = (int) active.bytes();
    int size = record.remaining();
    while (record.hasRemaining()) {
      active.channel.write(record, offset + record.position());
    }
    if (force) {
      active.channel.force(false);
    }
    active.added(offset, size);
    diskBytes += size;
    liveCount++;
    return seq;
  }

  /** Forces every append so far to the storage device. */
  void force() throws IOException {
    active.channel.force(false);
  }

  private void roll() throws IOException {
    Segment old = active;
    active = create(old.nextSeq());
    if (old.liveCount() == 0) {
      delete(old);
    }
  }

  /** Deletes the active segment if it holds only released records; true if bytes were freed. */
  boolean reclaimActive() throws IOException {
    if (active.liveCount() == 0 && active.bytes() > 0) {
      roll();
      return true;
    }
    return false;
  }

  /** Releases {@code seq} (acknowledged or dropped); false if it was not live. */
  boolean release(long seq) throws IOException {
    Map.Entry<Long, Segment> e = segments.floorEntry(seq);
    if (e == null || !e.getValue().release(seq)) {
      return false;
    }
    liveCount--;
    Segment segment = e.getValue();
    // An emptied active segment keeps taking appends; it is deleted when it rolls.
    if (segment.liveCount() == 0 && segment != active) {
      delete(segment);
    }
    return true;
  }

  private void delete(Segment segment) throws IOException {
    segment.channel.close();
    Files.deleteIfExists(segment.file);
    if (segments.remove(segment.base) != null) {
      diskBytes -= segment.bytes();
    }
  }

  /** The first live sequence number after {@code seq}, or -1 if there is none. */
  long nextLive(long seq) {
    Long start = segments.floorKey(seq + 1);
    for (Segment s : (start == null ? segments : segments.tailMap(start, true)).values()) {
      long found = s.nextLive(seq + 1);
      if (found >= 0) {
        return found;
      }
    }
    return -1;
  }

  /** The oldest live sequence number, or -1. */
  long oldestLive() {
    return nextLive(-1);
  }

  byte[] read(long seq) throws IOException {
    Map.Entry<Long, Segment> e = segments.floorEntry(seq);
    if (e == null || !e.getValue().isLive(seq)) {
      throw new IllegalArgumentException("record " + seq + " is not in the log");
    }
    return e.getValue().read(seq);
  }

  long liveCount() {
    return liveCount;
  }

  /** Bytes of segment files on disk. */
  long diskBytes() {
    return diskBytes;
  }

  /** Bytes cut off torn or corrupt tails when the log was opened. */
  long truncatedBytes() {
    return truncatedBytes;
  }

  /** Records that everything below the oldest live record is done with, for the next start. */
  void writeWatermark() throws IOException {
    long oldest = oldestLive();
    long mark = oldest >= 0 ? oldest : active.nextSeq();
    if (mark == watermarkWritten) {
      return;
    }
    Path tmp = dir.resolve(WATERMARK + ".tmp");
    Files.writeString(tmp, Long.toString(mark), StandardCharsets.US_ASCII);
    Files.move(tmp, dir.resolve(WATERMARK), StandardCopyOption.ATOMIC_MOVE);
    watermarkWritten = mark;
  }

  private long readWatermark() {
    Path file = dir.resolve(WATERMARK);
    try {
      return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
    } catch (IOException | NumberFormatException e) {
      // A damaged watermark only costs redelivery of acknowledged records.
      LOG.warn(
          "outbox: {} is unreadable ({}); delivering every record on disk again",
          file,
          e.toString());
      return 0;
    }
  }

  @Override
  public void close() throws IOException {
    writeWatermark();
    List<Segment> all = new ArrayList<>(segments.values());
    for (Segment s : all) {
      s.channel.force(true);
      s.channel.close();
      if (s.count() == 0) {
        Files.deleteIfExists(s.file);
      }
    }
    segments.clear();
  }
}
