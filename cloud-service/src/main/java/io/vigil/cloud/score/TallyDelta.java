package io.vigil.cloud.score;

import io.vigil.protocol.EventType;

/**
 * A change to a tally: distance driven, and/or one event counted (+1) or uncounted (−1, when a
 * reviewer dismisses or relabels it).
 *
 * @param distanceM distance to add, metres
 * @param type the event type whose count changes, or null
 * @param count +1, −1 or 0
 */
public record TallyDelta(double distanceM, EventType type, int count) {

  public static TallyDelta distance(double metres) {
    return new TallyDelta(metres, null, 0);
  }

  public static TallyDelta event(EventType type, int count) {
    return new TallyDelta(0, type, count);
  }
}
