package io.vigil.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.outbox.Outbox.Kind;
import io.vigil.agent.outbox.Outbox.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Order, acknowledgement, restart and the drop policy of the outbox. */
class OutboxTest {

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();

  private OutboxSettings small() {
    return new OutboxSettings(
        dir, 16 * 1024, 4096, 1024, OutboxSettings.Fsync.EVENTS, Duration.ofSeconds(1));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> payloads(List<Message> messages) {
    return messages.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void messagesComeOutInOrderPerKindAndLeaveOnlyWhenAcknowledged() throws Exception {
    try (Outbox outbox = Outbox.open(OutboxSettings.defaults(dir), clock)) {
      for (int i = 0; i < 5; i++) {
        outbox.append(Kind.EVENT, "vigil/v1/acme/v1/events", bytes("e" + i));
        outbox.append(Kind.TELEMETRY, "vigil/v1/acme/v1/telemetry", bytes("t" + i));
      }
      List<Message> events = outbox.after(Kind.EVENT, -1, 100);
      assertThat(payloads(events)).containsExactly("e0", "e1", "e2", "e3", "e4");
      assertThat(events.get(0).topic()).isEqualTo("vigil/v1/acme/v1/events");
      assertThat(payloads(outbox.after(Kind.EVENT, events.get(1).seq(), 2)))
          .containsExactly("e2", "e3");

      outbox.acknowledge(Kind.EVENT, events.get(2).seq());
      outbox.acknowledge(Kind.EVENT, events.get(0).seq());

      assertThat(payloads(outbox.after(Kind.EVENT, -1, 100))).containsExactly("e1", "e3", "e4");
      assertThat(outbox.stats().pendingEvents()).isEqualTo(3);
      assertThat(outbox.stats().pendingTelemetry()).isEqualTo(5);
    }
  }

  @Test
  void aRestartResumesWithWhatWasNotAcknowledged() throws Exception {
    try (Outbox outbox = Outbox.open(OutboxSettings.defaults(dir), clock)) {
      for (int i = 0; i < 4; i++) {
        outbox.append(Kind.EVENT, "t", bytes("e" + i));
      }
      outbox.acknowledge(Kind.EVENT, outbox.after(Kind.EVENT, -1, 1).get(0).seq());
    }
    try (Outbox outbox = Outbox.open(OutboxSettings.defaults(dir), clock)) {
      assertThat(payloads(outbox.after(Kind.EVENT, -1, 100))).containsExactly("e1", "e2", "e3");
      Message next = outbox.append(Kind.EVENT, "t", bytes("e4"));
      assertThat(next.seq()).isEqualTo(4);
      assertThat(payloads(outbox.after(Kind.EVENT, -1, 100)))
          .containsExactly("e1", "e2", "e3", "e4");
    }
  }

  @Test
  void segmentFilesAreDeletedOnceEverythingInThemIsAcknowledged() throws Exception {
    try (Outbox outbox = Outbox.open(small(), clock)) {
      byte[] payload = new byte[900];
      for (int i = 0; i < 12; i++) {
        outbox.append(Kind.EVENT, "t", payload);
      }
      assertThat(segmentFiles("event")).hasSizeGreaterThan(2);
      for (Message m : outbox.after(Kind.EVENT, -1, 100)) {
        outbox.acknowledge(Kind.EVENT, m.seq());
      }
      assertThat(segmentFiles("event")).hasSize(1); // the active one
      assertThat(outbox.stats().pendingEvents()).isZero();
    }
  }

  @Test
  void atTheCapTelemetryIsDroppedBeforeEventsOldestFirstAndCounted() throws Exception {
    try (Outbox outbox = Outbox.open(small(), clock)) {
      byte[] payload = new byte[900];
      for (int i = 0; i < 6; i++) {
        outbox.append(Kind.EVENT, "t", bytes(String.format("event-%02d", i)));
      }
      for (int i = 0; i < 40; i++) {
        outbox.append(Kind.TELEMETRY, "t", payload);
      }
      Outbox.Stats s = outbox.stats();
      assertThat(s.droppedTelemetry()).isPositive();
      assertThat(s.droppedEvents()).isZero();
      assertThat(s.diskBytes()).isLessThanOrEqualTo(16 * 1024);
      assertThat(outbox.stats().pendingEvents()).isEqualTo(6);

      for (int i = 6; i < 60; i++) {
        outbox.append(Kind.EVENT, "t", padded(String.format("event-%02d", i)));
      }
      s = outbox.stats();
      assertThat(s.pendingTelemetry()).isZero();
      assertThat(s.droppedEvents()).isPositive();
      assertThat(s.droppedEvents() + s.pendingEvents()).isEqualTo(60);
      assertThat(s.diskBytes()).isLessThanOrEqualTo(16 * 1024);
      List<String> kept = payloads(outbox.after(Kind.EVENT, -1, 100));
      // the newest survive, contiguous and in order
      assertThat(kept.get(kept.size() - 1)).startsWith("event-59");
      for (int i = 1; i < kept.size(); i++) {
        assertThat(kept.get(i).substring(0, 8)).isGreaterThan(kept.get(i - 1).substring(0, 8));
      }
    }
  }

  @Test
  void aMessageOverTheLimitIsRefusedWithTheSettingsName() throws Exception {
    try (Outbox outbox = Outbox.open(small(), clock)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> outbox.append(Kind.EVENT, "t", new byte[2000]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outbox.max-message-bytes");
      assertThat(outbox.stats().pendingEvents()).isZero();
    }
  }

  private static byte[] padded(String s) {
    byte[] b = new byte[900];
    byte[] text = bytes(s);
    System.arraycopy(text, 0, b, 0, text.length);
    return b;
  }

  private List<Path> segmentFiles(String kind) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(kind))) {
      return files.filter(p -> p.toString().endsWith(".log")).toList();
    }
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-23T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
