package io.vigil.cloud.processor;

import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import io.vigil.protocol.Review;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A reviewer's decision on one event, as it travels on {@code vigil.reviews} (keyed by the event's
 * vehicle id, so that it meets the event's ledger entry in the same partition).
 *
 * @param eventId the event reviewed
 * @param verdict confirmed, dismissed, relabelled, needs_coaching or coached (wire names)
 * @param relabelledType for relabelled: the type that really happened (wire name)
 * @param relabelledDirection its direction, if it has one (wire name)
 * @param reviewerId who decided
 * @param reviewedAtMs when, epoch ms
 * @param note free text
 */
public record ReviewDecision(
    String eventId,
    String verdict,
    String relabelledType,
    String relabelledDirection,
    String reviewerId,
    long reviewedAtMs,
    String note) {

  /** The decision of {@code review} on {@code eventId}. */
  public static ReviewDecision of(String eventId, Review r) {
    return new ReviewDecision(
        eventId,
        r.verdict().wireName(),
        r.relabelledType().map(EventType::wireName).orElse(null),
        r.relabelledDirection().map(Direction::wireName).orElse(null),
        r.reviewerId(),
        r.reviewedAt().toEpochMilli(),
        r.note().orElse(null));
  }

  /** As a protocol review; throws IllegalArgumentException for an inconsistent decision. */
  public Review review() {
    return new Review(
        Review.Verdict.valueOf(verdict.toUpperCase(Locale.ROOT)),
        Optional.ofNullable(relabelledType).map(t -> EventType.valueOf(t.toUpperCase(Locale.ROOT))),
        Optional.ofNullable(relabelledDirection)
            .map(d -> Direction.valueOf(d.toUpperCase(Locale.ROOT))),
        reviewerId,
        Instant.ofEpochMilli(reviewedAtMs),
        Optional.ofNullable(note));
  }
}
