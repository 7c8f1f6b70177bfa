package io.vigil.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * An event as the agent reported it, sensor snippet included, with its human review if there is
 * one: what the cloud service exports (Kafka topic {@code vigil.training-samples}, or JSON-lines
 * files) for retraining. Keyed by the event's id; a later review of the same event supersedes an
 * earlier sample.
 *
 * @param event the event, exactly as published by the agent
 * @param review the reviewer's verdict; empty while nobody has reviewed the event
 */
public record TrainingSample(SafetyEvent event, Optional<Review> review) implements VigilMessage {

  public TrainingSample {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(review, "review");
  }

  /**
   * What the snippet really shows according to the review: the event's own type and direction when
   * confirmed, the reviewer's when relabelled, and empty (normal driving) when dismissed. Only
   * meaningful when {@link #review()} is present; an unreviewed sample has no truth.
   */
  public Optional<Labelled> truth() {
    return review.flatMap(
        r ->
            switch (r.verdict()) {
              case CONFIRMED, NEEDS_COACHING, COACHED ->
                  Optional.of(new Labelled(event.type(), event.direction()));
              case DISMISSED -> Optional.empty();
              case RELABELLED ->
                  Optional.of(
                      new Labelled(r.relabelledType().orElseThrow(), r.relabelledDirection()));
            });
  }

  /**
   * A reviewed event type with its direction.
   *
   * @param type what happened
   * @param direction which way, where the type has one
   */
  public record Labelled(EventType type, Optional<Direction> direction) {
    public Labelled {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(direction, "direction");
    }
  }
}
