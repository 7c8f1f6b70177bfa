package io.vigil.cloud.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EventQueryTest {

  private static EventSummary event(String type, String countedAs) {
    return new EventSummary(
        "e-1",
        "truck-1",
        "d-1",
        "2026-11-20T08:00:00Z",
        type,
        null,
        "high",
        0.9,
        40.0,
        "1.0.0",
        countedAs,
        countedAs == null ? "dismissed" : null);
  }

  @Test
  void aTypeFilterMatchesTheReportedOrTheCountedTypeAndSkipsDismissedOnes() {
    EventQuery collisions =
        new EventQuery("acme", null, null, Set.of("collision"), 0, Long.MAX_VALUE, null);
    // Regression: a dismissed event (counted as nothing) made every filtered search a 500.
    assertThat(collisions.matches(event("harsh_braking", null))).isFalse();
    assertThat(collisions.matches(event("collision", null))).isTrue();
    assertThat(collisions.matches(event("harsh_braking", "collision"))).isTrue();
    assertThat(collisions.matches(event("harsh_braking", "harsh_braking"))).isFalse();
  }
}
