package io.vigil.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

  private final ReconnectBackoff backoff =
      new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5);

  @Test
  void withoutRandomnessDelaysDoubleUpToTheCap() {
    assertThat(backoff.delayFor(1, () -> 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delayFor(2, () -> 0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delayFor(6, () -> 0)).isEqualTo(Duration.ofSeconds(32));
    assertThat(backoff.delayFor(7, () -> 0)).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.delayFor(10_000, () -> 0)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void jitterStaysWithinItsFraction() {
    Random random = new Random(42);
    for (int attempt = 1; attempt < 200; attempt++) {
      Duration ceiling = backoff.delayFor(attempt, () -> 0);
      Duration delay = backoff.delayFor(attempt, random::nextDouble);
      assertThat(delay).isLessThanOrEqualTo(ceiling);
      assertThat(delay.toMillis()).isGreaterThanOrEqualTo(ceiling.toMillis() / 2);
    }
  }

  @Test
  void jitterSpreadsAFleet() {
    Random random = new Random(7);
    long distinct =
        java.util.stream.IntStream.range(0, 100)
            .mapToObj(i -> backoff.delayFor(5, random::nextDouble))
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(50);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new ReconnectBackoff(Duration.ZERO, Duration.ofSeconds(1), 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backoff.delayFor(0, () -> 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
