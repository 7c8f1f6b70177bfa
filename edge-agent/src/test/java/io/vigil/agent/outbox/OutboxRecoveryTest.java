package io.vigil.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.outbox.Outbox.Kind;
import io.vigil.agent.outbox.Outbox.Message;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox after a crash: a torn or corrupted tail (what a power loss leaves) is cut off and
 * everything before it is delivered; a process killed with SIGKILL while appending loses nothing
 * whose append had returned.
 */
class OutboxRecoveryTest {

  @TempDir Path dir;

  @Test
  void aTornOrCorruptTailAtAnyPointIsTruncatedAndEverythingBeforeItSurvives() throws Exception {
    SplittableRandom rng = new SplittableRandom(42);
    for (int round = 0; round < 60; round++) {
      Path box = dir.resolve("round-" + round);
      int n = 5 + rng.nextInt(30);
      List<String> written = new ArrayList<>();
      try (Outbox outbox = Outbox.open(OutboxSettings.defaults(box), Clock.systemUTC())) {
        for (int i = 0; i < n; i++) {
          String p = "event-" + i + "-" + "x".repeat(rng.nextInt(200));
          outbox.append(Kind.EVENT, "vigil/v1/acme/v/events", p.getBytes(StandardCharsets.UTF_8));
          written.add(p);
        }
      }
      Path segment = lastSegment(box.resolve("event"));
      long size = Files.size(segment);
      long cut = rng.nextLong(size);
      boolean flip = rng.nextBoolean();
      try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
        if (flip) {
          ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) rng.nextInt(256)}), cut);
        } else {
          ch.truncate(cut);
        }
      }

      try (Outbox outbox = Outbox.open(OutboxSettings.defaults(box), Clock.systemUTC())) {
        List<String> survived =
            outbox.after(Kind.EVENT, -1, 1000).stream()
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8))
                .toList();
        // a prefix of what was written: nothing reordered, nothing invented
        assertThat(written.subList(0, survived.size())).isEqualTo(survived);
        if (!flip) {
          int intact = recordsFullyBefore(written, cut);
          assertThat(survived).hasSize(intact);
        } else {
          assertThat(survived.size()).isLessThanOrEqualTo(n);
        }
        Message next = outbox.append(Kind.EVENT, "t", "after".getBytes(StandardCharsets.UTF_8));
        assertThat(next.seq()).isGreaterThanOrEqualTo(survived.size());
      }
      try (Outbox outbox = Outbox.open(OutboxSettings.defaults(box), Clock.systemUTC())) {
        List<Message> all = outbox.after(Kind.EVENT, -1, 1000);
        assertThat(new String(all.get(all.size() - 1).payload(), StandardCharsets.UTF_8))
            .isEqualTo("after");
        assertThat(outbox.stats().truncatedBytes()).isZero();
      }
    }
  }

  /** Records wholly inside the first {@code bytes} bytes of the segment. */
  private static int recordsFullyBefore(List<String> written, long bytes) {
    long end = 0;
    int count = 0;
    for (String p : written) {
      end +=
          RecordFormat.HEADER_BYTES
              + 2
              + "vigil/v1/acme/v/events".length()
              + p.getBytes(StandardCharsets.UTF_8).length;
      if (end > bytes) {
        break;
      }
      count++;
    }
    return count;
  }

  private static Path lastSegment(Path logDir) throws Exception {
    try (Stream<Path> files = Files.list(logDir)) {
      return files
          .filter(p -> p.toString().endsWith(".log"))
          .filter(p -> p.toFile().length() > 0)
          .max(Comparator.naturalOrder())
          .orElseThrow();
    }
  }

  @Test
  void sigkillWhileAppendingLosesNothingWhoseAppendReturned() throws Exception {
    Path box = dir.resolve("killed");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OutboxAppender.class.getName(),
                box.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<String> confirmed = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (confirmed.size() < 2000 && (line = out.readLine()) != null) {
        if (line.startsWith("event-")) { // anything else is the child's logging
          confirmed.add(line);
        }
      }
      child.destroyForcibly(); // SIGKILL, in the middle of the appender's loop
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(confirmed).hasSize(2000);

    try (Outbox outbox = Outbox.open(OutboxSettings.defaults(box), Clock.systemUTC())) {
      List<String> recovered =
          outbox.after(Kind.EVENT, -1, 1_000_000).stream()
              .map(m -> new String(m.payload(), StandardCharsets.UTF_8))
              .toList();
      assertThat(recovered).startsWith(confirmed.toArray(String[]::new));
    }
  }

  /** Child process: appends events for ever, printing each payload once its append returned. */
  public static final class OutboxAppender {
    public static void main(String[] args) throws Exception {
      try (Outbox outbox =
          Outbox.open(OutboxSettings.defaults(Path.of(args[0])), Clock.systemUTC())) {
        for (long i = 0; ; i++) {
          String payload = "event-" + i;
          outbox.append(Kind.EVENT, "t", payload.getBytes(StandardCharsets.UTF_8));
          System.out.println(payload);
          System.out.flush();
        }
      }
    }
  }
}
