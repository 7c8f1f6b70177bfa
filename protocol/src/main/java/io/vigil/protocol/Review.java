package io.vigil.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A fleet safety reviewer's verdict on an event: it happened as reported, it did not happen (normal
 * driving, a pothole, a door slam), or something else happened. Reviews are the labels retraining
 * learns from and they correct the safety scores.
 *
 * @param verdict what the reviewer decided
 * @param relabelledType the type that really happened; present exactly when {@code RELABELLED}
 * @param relabelledDirection its direction, where the type has one
 * @param reviewerId who reviewed
 * @param reviewedAt when
 * @param note free text, e.g. why an event was dismissed
 */
public record Review(
    Verdict verdict,
    Optional<EventType> relabelledType,
    Optional<Direction> relabelledDirection,
    String reviewerId,
    Instant reviewedAt,
    Optional<String> note) {

  /** The reviewer's decision. */
  public enum Verdict implements WireEnum {
    /** The event happened as the agent reported it. */
    CONFIRMED,
    /** Nothing worth an event happened: the window is normal driving. */
    DISMISSED,
    /** Something happened, but of another type or direction. */
    RELABELLED,
    /** Confirmed, and the driver needs coaching for it (Samsara's "needs coaching"). */
    NEEDS_COACHING,
    /** Confirmed, and the driver has been coached. */
    COACHED;

    /** Whether the event counts as the agent reported it. */
    public boolean confirms() {
      return this == CONFIRMED || this == NEEDS_COACHING || this == COACHED;
    }
  }

  public Review {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(relabelledType, "relabelledType");
    Objects.requireNonNull(relabelledDirection, "relabelledDirection");
    Objects.requireNonNull(reviewerId, "reviewerId");
    Objects.requireNonNull(reviewedAt, "reviewedAt");
    Objects.requireNonNull(note, "note");
    if ((verdict == Verdict.RELABELLED) != relabelledType.isPresent()) {
      throw new IllegalArgumentException("a relabelled type is given exactly when relabelled");
    }
    if (relabelledDirection.isPresent() && relabelledType.isEmpty()) {
      throw new IllegalArgumentException("a relabelled direction needs a relabelled type");
    }
  }

  public static Review confirmed(String reviewerId, Instant at, Optional<String> note) {
    return new Review(Verdict.CONFIRMED, Optional.empty(), Optional.empty(), reviewerId, at, note);
  }

  public static Review dismissed(String reviewerId, Instant at, Optional<String> note) {
    return new Review(Verdict.DISMISSED, Optional.empty(), Optional.empty(), reviewerId, at, note);
  }

  public static Review relabelled(
      EventType type,
      Optional<Direction> direction,
      String reviewerId,
      Instant at,
      Optional<String> note) {
    return new Review(Verdict.RELABELLED, Optional.of(type), direction, reviewerId, at, note);
  }
}
