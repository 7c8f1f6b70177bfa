package io.vigil.agent.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * One file of a {@link SegmentedLog}: records with consecutive sequence numbers from {@code base},
 * their offsets in the file, and which of them are still live (neither acknowledged nor dropped).
 * Four bytes and a bit per record, so a full outbox costs little heap.
 */
final class Segment {

  final long base;
  final Path file;
  final FileChannel channel;
  private int[] offsets = new int[64];
  private int count;
  private final BitSet live = new BitSet();
  private int liveCount;
  private long bytes;

  Segment(long base, Path file, FileChannel channel) {
    this.base = base;
    this.file = file;
    this.channel = channel;
  }

  static String fileName(long base) {
    return String.format("%020d.log", base);
  }

  /** Registers the record written at {@code offset}; it is live. */
  void added(int offset, int size) {
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, count * 2);
    }
    offsets[count] = offset;
    live.set(count);
    count++;
    liveCount++;
    bytes = (long) offset + size;
  }

  int count() {
    return count;
  }

  long nextSeq() {
    return base + count;
  }

  long bytes() {
    return bytes;
  }

  int liveCount() {
    return liveCount;
  }

  boolean contains(long seq) {
    return seq >= base && seq < base + count;
  }

  boolean isLive(long seq) {
    return contains(seq) && live.get((int) (seq - base));
  }

  /** Marks {@code seq} acknowledged or dropped; false if it was not live. */
  boolean release(long seq) {
    if (!isLive(seq)) {
      return false;
    }
    live.clear((int) (seq - base));
    liveCount--;
    return true;
  }

  /** The first live sequence number at or after {@code seq}, or -1. */
  long nextLive(long seq) {
    int from = (int) Math.max(0, seq - base);
    int i = from >= count ? -1 : live.nextSetBit(from);
    return i < 0 || i >= count ? -1 : base + i;
  }

  /** The record payload of {@code seq}, read from disk. */
  byte[] read(long seq) throws IOException {
    int i = (int) (seq - base);
    long start = offsets[i];
    long end = i + 1 < count ? offsets[i + 1] : bytes;
    ByteBuffer record = ByteBuffer.allocate((int) (end - start));
    while (record.hasRemaining()) {
      if (channel.read(record, start + record.position()) < 0) {
        throw new IOException(file + ": record " + seq + " ends past the end of the file");
      }
    }
    return RecordFormat.payloadOf(record.flip());
  }
}
