package io.vigil.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cloud.processor.EventSummary;
import io.vigil.cloud.processor.StoresUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveFeedTest {

  private final List<EventSummary> index = new ArrayList<>();
  private boolean moving;
  private final LiveFeed feed =
      new LiveFeed(
          () -> {
            if (moving) {
              throw new StoresUnavailableException("partitions are moving");
            }
            return List.copyOf(index);
          });

  private static EventSummary event(String id) {
    return new EventSummary(
        id,
        "truck-1",
        "d-1",
        "2026-11-20T08:00:00Z",
        "collision",
        null,
        "high",
        0.9,
        40.0,
        "1.0.0",
        "collision",
        null);
  }

  @Test
  void sendsOnlyEventsIndexedAfterItOpenedOnceEachOldestFirst() {
    index.add(event("old"));
    assertThat(feed.next()).as("what was there before").isEmpty();

    index.add(0, event("new-1"));
    index.add(0, event("new-2")); // the index is newest first
    assertThat(feed.next()).extracting(EventSummary::eventId).containsExactly("new-1", "new-2");
    assertThat(feed.next()).isEmpty();

    moving = true;
    index.add(0, event("new-3"));
    assertThat(feed.next()).as("while state moves").isEmpty();
    moving = false;
    assertThat(feed.next()).extracting(EventSummary::eventId).containsExactly("new-3");
  }
}
