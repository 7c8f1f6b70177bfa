package io.vigil.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArrivalLatencyTest {

  @Test
  void pairsTheKthEventSentWithThePollThatFirstShowsKEvents() {
    long[] sent = {0, 10, 20, 30};
    long[] polled = {5, 15, 25, 45, 60};
    long[] visible = {0, 1, 1, 3, 4};
    // event 0 seen at 15, 1 and 2 at 45, 3 at 60
    assertThat(ArrivalLatency.latencies(sent, polled, visible)).containsExactly(15, 25, 30, 35);
  }

  @Test
  void eventsNeverSeenAreLeftOutAndQuantilesUseNearestRank() {
    long[] l = ArrivalLatency.latencies(new long[] {0, 10, 20}, new long[] {100}, new long[] {2});
    assertThat(l).containsExactly(90, 100);
    long[] hundred = new long[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = i + 1;
    }
    assertThat(ArrivalLatency.quantile(hundred, 0.5)).isEqualTo(50);
    assertThat(ArrivalLatency.quantile(hundred, 0.99)).isEqualTo(99);
    assertThat(ArrivalLatency.quantile(hundred, 1.0)).isEqualTo(100);
  }
}
