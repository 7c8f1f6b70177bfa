package io.vigil.cloud.processor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Stores a {@link LedgerEntry} as one line of JSON with its small fields, a newline, then the
 * event's JSON as received: the ~4 KB event is copied, not escaped into a JSON string and unescaped
 * again on every read and write.
 */
final class LedgerEntrySerde {

  /**
   * The small fields of an entry, as JSON.
   *
   * @param day UTC day of the event
   * @param countedType type counted, or null
   * @param verdict latest review verdict, or null
   * @param seenAtMs first arrival, stream time
   */
  record Meta(String day, String countedType, String verdict, long seenAtMs) {}

  private static final Serde<Meta> META = JsonSerde.of(Meta.class);

  private LedgerEntrySerde() {}

  static Serde<LedgerEntry> create() {
    Serializer<LedgerEntry> ser =
        (topic, e) -> {
          if (e == null) {
            return null;
          }
          byte[] meta =
              META.serializer()
                  .serialize(topic, new Meta(e.day(), e.countedType(), e.verdict(), e.seenAtMs()));
          byte[] event = e.event().getBytes(StandardCharsets.UTF_8);
          byte[] out = Arrays.copyOf(meta, meta.length + 1 + event.length);
          out[meta.length] = '\n';
          System.arraycopy(event, 0, out, meta.length + 1, event.length);
          return out;
        };
    Deserializer<LedgerEntry> de =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          int newline = 0;
          while (newline < bytes.length && bytes[newline] != '\n') {
            newline++;
          }
          if (newline == bytes.length) {
            throw new SerializationException("a ledger entry without its event");
          }
          Meta m = META.deserializer().deserialize(topic, Arrays.copyOf(bytes, newline));
          String event =
              new String(bytes, newline + 1, bytes.length - newline - 1, StandardCharsets.UTF_8);
          return new LedgerEntry(event, m.day(), m.countedType(), m.verdict(), m.seenAtMs());
        };
    return Serdes.serdeFrom(ser, de);
  }
}
