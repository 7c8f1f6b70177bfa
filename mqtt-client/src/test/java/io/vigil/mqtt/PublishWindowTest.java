package io.vigil.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PublishWindowTest {

  @Test
  void neverLetsMoreThanTheLimitInFlight() throws Exception {
    PublishWindow window = new PublishWindow(8);
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger current = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    for (int i = 0; i < 2000; i++) {
      pool.submit(
          () -> {
            if (window.acquire(Duration.ofSeconds(10))) {
              peak.accumulateAndGet(current.incrementAndGet(), Math::max);
              Thread.onSpinWait();
              current.decrementAndGet();
              window.release();
            }
            return null;
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(peak.get()).isBetween(1, 8);
    assertThat(window.inFlight()).isZero();
  }

  @Test
  void aFullWindowTimesOutInsteadOfOvershooting() throws Exception {
    PublishWindow window = new PublishWindow(2);
    assertThat(window.acquire(Duration.ZERO)).isTrue();
    assertThat(window.acquire(Duration.ZERO)).isTrue();
    assertThat(window.acquire(Duration.ofMillis(1))).isFalse();
    window.release();
    assertThat(window.acquire(Duration.ZERO)).isTrue();
  }

  @Test
  void shrinkingTheLimitHoldsNewPublishesBack() throws Exception {
    PublishWindow window = new PublishWindow(10);
    for (int i = 0; i < 5; i++) {
      window.acquire(Duration.ZERO);
    }
    window.setLimit(3);
    assertThat(window.acquire(Duration.ZERO)).isFalse();
    window.release();
    window.release();
    assertThat(window.acquire(Duration.ZERO)).isFalse();
    window.release();
    assertThat(window.acquire(Duration.ZERO)).isTrue();
  }

  @Test
  void drainingWaitsForTheLastRelease() throws Exception {
    PublishWindow window = new PublishWindow(4);
    window.acquire(Duration.ZERO);
    assertThat(window.awaitDrained(Duration.ofMillis(1))).isFalse();
    window.release();
    assertThat(window.awaitDrained(Duration.ZERO)).isTrue();
    assertThatThrownBy(window::release).isInstanceOf(IllegalStateException.class);
  }
}
