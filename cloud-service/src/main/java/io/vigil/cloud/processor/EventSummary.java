package io.vigil.cloud.processor;

/**
 * One event as event lists and searches show it (the full event, with its sensor snippet, is the
 * event detail).
 *
 * @param eventId the event's id
 * @param vehicleId its vehicle
 * @param driverId its driver
 * @param deviceTime when it happened, device clock, ISO-8601
 * @param type the type the agent reported
 * @param direction left or right for cornering and lane changes, else null
 * @param severity low, medium or high
 * @param confidence the model's confidence, 0..1
 * @param speedKmh speed at the event, null without GPS
 * @param modelVersion the model that detected it
 * @param countedAs the type it is counted as in scores, null once dismissed
 * @param review the latest review verdict, null before any review
 */
public record EventSummary(
    String eventId,
    String vehicleId,
    String driverId,
    String deviceTime,
    String type,
    String direction,
    String severity,
    double confidence,
    Double speedKmh,
    String modelVersion,
    String countedAs,
    String review) {

  static EventSummary of(EventHeader e, String countedAs, String review) {
    return new EventSummary(
        e.eventId().toString(),
        e.vehicleId(),
        e.driverId(),
        e.deviceTime().toString(),
        e.type().wireName(),
        e.direction() == null ? null : e.direction().wireName(),
        e.severity().wireName(),
        e.confidence(),
        e.speedKmh(),
        e.modelVersion(),
        countedAs,
        review);
  }
}
