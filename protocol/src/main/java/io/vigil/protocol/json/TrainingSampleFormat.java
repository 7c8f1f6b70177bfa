package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import io.vigil.protocol.Review;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.VigilMessage;
import io.vigil.protocol.json.InvalidMessageException.Problem;
import java.util.Optional;

/**
 * Wire form of {@link TrainingSample}; see {@code training-sample.schema.json}. The event is nested
 * as the complete safety-event message, {@code schema} included, so it reads like what the agent
 * published.
 */
final class TrainingSampleFormat implements WireFormat<TrainingSample> {

  private static final SafetyEventFormat EVENT = new SafetyEventFormat();

  @Override
  public void write(TrainingSample sample, ObjectNode out) {
    ObjectNode event = out.putObject("event");
    event.put("schema", VigilMessage.SCHEMA_VERSION);
    EVENT.write(sample.event(), event);
    sample.review().ifPresent(r -> writeReview(r, out));
  }

  /** Writes {@code r} as the sample's {@code review}. */
  static void writeReview(Review r, ObjectNode out) {
    ObjectNode review = out.putObject("review");
    review.put("verdict", r.verdict().wireName());
    r.relabelledType().ifPresent(t -> review.put("type", t.wireName()));
    r.relabelledDirection().ifPresent(d -> review.put("direction", d.wireName()));
    review.put("reviewerId", r.reviewerId());
    review.put("reviewedAtMs", r.reviewedAt().toEpochMilli());
    r.note().ifPresent(n -> review.put("note", n));
  }

  @Override
  public TrainingSample read(FieldReader in) throws InvalidMessageException {
    FieldReader event = in.object("event");
    Optional<FieldReader> review = in.optionalObject("review");
    return new TrainingSample(
        EVENT.read(event), review.isEmpty() ? Optional.empty() : Optional.of(review(review.get())));
  }

  private static Review review(FieldReader in) throws InvalidMessageException {
    Review.Verdict verdict = in.enumValue("verdict", Review.Verdict.class);
    Optional<EventType> type = in.optionalEnum("type", EventType.class);
    Optional<Direction> direction = in.optionalEnum("direction", Direction.class);
    if ((verdict == Review.Verdict.RELABELLED) != type.isPresent()) {
      throw new InvalidMessageException(
          in.pathOf("type"),
          Problem.BAD_FORMAT,
          verdict == Review.Verdict.RELABELLED
              ? "a relabelled review must name the type"
              : "only a relabelled review names a type");
    }
    if (direction.isPresent() && type.isEmpty()) {
      throw new InvalidMessageException(
          in.pathOf("direction"), Problem.BAD_FORMAT, "a direction needs a relabelled type");
    }
    return new Review(
        verdict,
        type,
        direction,
        in.id("reviewerId"),
        in.timestamp("reviewedAtMs"),
        in.optionalText(
            "note", WireLimits.MAX_DETAIL_LENGTH, WireLimits.PRINTABLE, "printable text"));
  }
}
