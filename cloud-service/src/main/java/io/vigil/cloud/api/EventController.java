package io.vigil.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.processor.LedgerEntry;
import io.vigil.cloud.processor.ReviewDecision;
import io.vigil.protocol.Review;
import io.vigil.protocol.topic.SafeId;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * One event (with its sensor snippet and review state) and its review. A review is written to Kafka
 * and corrects the scores as the processor applies it; the response is 202 Accepted once Kafka has
 * it.
 */
@Controller("/api/v1/fleets/{fleetId}/events/{eventId}")
@Requires(property = "vigil.roles.api", notEquals = "false")
@Requires(beans = ProcessorRole.class)
public final class EventController {

  private final ProcessorRole processor;
  private final ReviewPublisher reviews;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  EventController(ProcessorRole processor, ReviewPublisher reviews, Clock clock) {
    this.processor = processor;
    this.reviews = reviews;
    this.clock = clock;
  }

  /** The event as the agent published it, with {@code review} (the latest verdict, if any). */
  @Get
  public JsonNode event(String fleetId, String eventId) throws IOException {
    LedgerEntry entry = find(fleetId, eventId);
    ObjectNode out = (ObjectNode) json.readTree(entry.event());
    out.put("countedAs", entry.countedType());
    out.put("review", entry.verdict());
    return out;
  }

  @Post("/review")
  public HttpResponse<ObjectNode> review(String fleetId, String eventId, @Body ReviewRequest r)
      throws IOException, InterruptedException {
    LedgerEntry entry = find(fleetId, eventId);
    JsonNode event = json.readTree(entry.event());
    ReviewDecision d =
        new ReviewDecision(
            eventId,
            r.verdict(),
            r.relabelledType(),
            r.relabelledDirection(),
            r.reviewerId(),
            clock.millis(),
            r.note());
    try {
      Review checked = d.review();
      if (!SafeId.isValid(checked.reviewerId())
          || checked.note().map(n -> n.length() > 500).orElse(false)) {
        throw new IllegalArgumentException(
            "reviewerId must be 1-64 of [A-Za-z0-9_-] and the note at most 500 characters");
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new HttpStatusException(
          HttpStatus.BAD_REQUEST,
          "not a valid review (verdict confirmed, dismissed or relabelled; relabelled needs"
              + " relabelledType): "
              + e.getMessage());
    }
    try {
      reviews.publish(event.path("fleetId").asText() + "." + event.path("vehicleId").asText(), d);
    } catch (ExecutionException | TimeoutException e) {
      throw new HttpStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not take the review; retry: " + e);
    }
    ObjectNode accepted = json.createObjectNode();
    accepted.put("eventId", eventId);
    accepted.put("verdict", d.verdict());
    return HttpResponse.accepted().body(accepted);
  }

  private LedgerEntry find(String fleetId, String eventId) {
    if (!SafeId.isValid(fleetId)) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "fleetId is not a valid id");
    }
    try {
      UUID.fromString(eventId);
    } catch (IllegalArgumentException e) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "eventId must be a UUID");
    }
    Unavailable.unlessRunning(processor);
    Optional<LedgerEntry> entry;
    try {
      entry = Optional.ofNullable(processor.<LedgerEntry>ledger().get(eventId));
    } catch (InvalidStateStoreException e) {
      throw Unavailable.storesNotReady();
    }
    // An event of another fleet is as unknown as a missing one: nothing leaks across fleets.
    if (entry.isEmpty() || !fleetOf(entry.get()).equals(fleetId)) {
      throw new HttpStatusException(HttpStatus.NOT_FOUND, "no event " + eventId + " in " + fleetId);
    }
    return entry.get();
  }

  private String fleetOf(LedgerEntry entry) {
    try {
      return json.readTree(entry.event()).path("fleetId").asText();
    } catch (IOException e) {
      return "";
    }
  }
}
