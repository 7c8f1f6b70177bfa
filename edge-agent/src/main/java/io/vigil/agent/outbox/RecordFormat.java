package io.vigil.agent.outbox;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one outbox record: {@code magic(1) seq(8) length(4) crc32c(4) payload}, big
 * endian, the CRC-32C covering sequence, length and payload. A record is valid only if all of it is
 * there and the checksum matches, so a write torn by a crash or power loss is recognised.
 */
final class RecordFormat {

  static final byte MAGIC = (byte) 0xA7;
  static final int HEADER_BYTES = 17;

  private RecordFormat() {}

  static ByteBuffer encode(long seq, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    b.put(MAGIC).putLong(seq).putInt(payload.length).putInt(crc(seq, payload)).put(payload);
    return b.flip();
  }

  static int crc(long seq, byte[] payload) {
    CRC32C crc = new CRC32C();
    ByteBuffer head = ByteBuffer.allocate(12).putLong(seq).putInt(payload.length).flip();
    crc.update(head);
    crc.update(payload);
    return (int) crc.getValue();
  }

  /** The payload of a complete, valid record in {@code record}. */
  static byte[] payloadOf(ByteBuffer record) {
    record.position(HEADER_BYTES);
    byte[] payload = new byte[record.remaining()];
    record.get(payload);
    return payload;
  }

  /**
   * Checks the record starting at {@code buffer}'s position (which holds the rest of the file).
   *
   * @return the record's total size, or -1 if it is torn, corrupt, not {@code expectedSeq} or
   *     longer than {@code maxPayload}
   */
  static int validate(ByteBuffer buffer, long expectedSeq, int maxPayload) {
    int at = buffer.position();
    if (buffer.remaining() < HEADER_BYTES || buffer.get(at) != MAGIC) {
      return -1;
    }
    long seq = buffer.getLong(at + 1);
    int length = buffer.getInt(at + 9);
    int crc = buffer.getInt(at + 13);
    if (seq != expectedSeq
        || length < 0
        || length > maxPayload
        || buffer.remaining() - HEADER_BYTES < length) {
      return -1;
    }
    byte[] payload = new byte[length];
    buffer.get(at + HEADER_BYTES, payload);
    return crc(seq, payload) == crc ? HEADER_BYTES + length : -1;
  }
}
