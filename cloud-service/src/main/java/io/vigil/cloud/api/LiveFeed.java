package io.vigil.cloud.api;

import io.vigil.cloud.processor.EventSummary;
import io.vigil.cloud.processor.StoresUnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One live-feed subscriber's view of a fleet's newest events: each call returns, oldest first, the
 * events of the latest search it has not returned before. The first call only learns what is
 * already there. A search that fails while state moves between instances returns nothing this time;
 * the events show on the next call.
 */
final class LiveFeed {

  private static final int REMEMBERED = 5_000;

  private final Supplier<List<EventSummary>> newestFirst;
  private final Set<String> seen =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > REMEMBERED;
            }
          });
  private boolean primed;

  LiveFeed(Supplier<List<EventSummary>> newestFirst) {
    this.newestFirst = newestFirst;
  }

  synchronized List<EventSummary> next() {
    List<EventSummary> events;
    try {
      events = newestFirst.get();
    } catch (StoresUnavailableException e) {
      return List.of();
    }
    List<EventSummary> fresh = new ArrayList<>();
    for (EventSummary e : events) {
      if (seen.add(e.eventId()) && primed) {
        fresh.add(e);
      }
    }
    primed = true;
    Collections.reverse(fresh);
    return fresh;
  }
}
