package io.vigil.cloud.processor;

import java.util.Set;

/**
 * A search of a fleet's events, newest first: optionally one vehicle's or one driver's, of some
 * types, between two times, after a cursor.
 *
 * @param fleetId the fleet
 * @param vehicleId only this vehicle's events, or null
 * @param driverId only this driver's events, or null
 * @param types only events reported or counted as one of these types (wire names); empty: all
 * @param fromMs earliest device time, epoch ms, inclusive
 * @param toMs latest device time, epoch ms, inclusive
 * @param after the last event of the previous page, or null for the first page
 */
public record EventQuery(
    String fleetId,
    String vehicleId,
    String driverId,
    Set<String> types,
    long fromMs,
    long toMs,
    Position after) {

  /**
   * Where a page ended: the last event's device time and id (events are ordered by both).
   *
   * @param timeMs device time, epoch ms
   * @param eventId event id
   */
  public record Position(long timeMs, String eventId) {}

  boolean matches(EventSummary e) {
    // A dismissed event counts as nothing (countedAs null), which a TreeSet cannot look up.
    return (types.isEmpty()
            || types.contains(e.type())
            || (e.countedAs() != null && types.contains(e.countedAs())))
        && (driverId == null || driverId.equals(e.driverId()))
        && (vehicleId == null || vehicleId.equals(e.vehicleId()));
  }
}
