package io.vigil.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.annotation.Secured;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.processor.LedgerEntry;
import io.vigil.cloud.processor.ReviewDecision;
import io.vigil.protocol.Review;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.SafeId;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * One event (with its sensor snippet and review state) and its review. A review is written to Kafka
 * and corrects the scores as the processor applies it; the response is 202 Accepted once Kafka has
 * it.
 */
@Secured(Role.VIEWER_NAME)
@Controller("/api/v1/fleets/{fleetId}/events/{eventId}")
@Requires(property = "vigil.roles.api", notEquals = "false")
@ProblemResponses
@Requires(beans = ProcessorRole.class)
public final class EventController {

  private final StateRouting routing;
  private final ControlPublisher reviews;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  EventController(StateRouting routing, ControlPublisher reviews, Clock clock) {
    this.routing = routing;
    this.reviews = reviews;
    this.clock = clock;
  }

  /**
   * The event as the agent published it (with its sensor snippet), plus {@code countedAs} (the type
   * it counts as in scores, null once dismissed) and {@code review} (the latest verdict).
   */
  @Get
  public JsonNode event(String fleetId, String eventId, HttpRequest<?> request) {
    return find(fleetId, eventId, request);
  }

  /** Confirms, dismisses or relabels the event; 202 once Kafka has the review. */
  @Post("/review")
  @Secured(Role.REVIEWER_NAME)
  public HttpResponse<ObjectNode> review(
      String fleetId, String eventId, @Body ReviewRequest r, HttpRequest<?> request)
      throws InterruptedException {
    JsonNode event = find(fleetId, eventId, request);
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
      reviews.review(
          new DeviceAddress(event.path("fleetId").asText(), event.path("vehicleId").asText())
              .clientId(),
          d);
    } catch (ExecutionException | TimeoutException e) {
      throw new HttpStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not take the review; retry: " + e);
    }
    ObjectNode accepted = json.createObjectNode();
    accepted.put("eventId", eventId);
    accepted.put("verdict", d.verdict());
    return HttpResponse.accepted().body(accepted);
  }

  private JsonNode find(String fleetId, String eventId, HttpRequest<?> request) {
    ScoreController.id("fleetId", fleetId);
    try {
      UUID.fromString(eventId);
    } catch (IllegalArgumentException e) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "eventId must be a UUID");
    }
    // Events are held by their vehicle's instance, unknown from the id: look here, then ask all.
    return routing
        .any(
            "/api/v1/fleets/" + fleetId + "/events/" + eventId,
            request,
            JsonNode.class,
            () -> routing.stores().ledgerEntry(eventId).map(this::view))
        // An event of another fleet is as unknown as a missing one: nothing leaks across fleets.
        .filter(e -> e.path("fleetId").asText().equals(fleetId))
        .orElseThrow(
            () ->
                new HttpStatusException(
                    HttpStatus.NOT_FOUND, "no event " + eventId + " in fleet " + fleetId));
  }

  private JsonNode view(LedgerEntry entry) {
    try {
      ObjectNode out = (ObjectNode) json.readTree(entry.event());
      out.put("countedAs", entry.countedType());
      out.put("review", entry.verdict());
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("the ledger holds an unreadable event", e);
    }
  }
}
