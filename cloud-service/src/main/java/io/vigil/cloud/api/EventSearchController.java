package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.processor.EventIndex;
import io.vigil.cloud.processor.EventQuery;
import io.vigil.cloud.processor.EventSummary;
import io.vigil.cloud.processor.ProcessorStores;
import io.vigil.protocol.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Searches a fleet's events, newest first: by vehicle, driver, type and device-time range, a page
 * at a time. The response's {@code next} is an opaque cursor for the following page (null on the
 * last page); pages stay stable while new events arrive, because the cursor is a position in time.
 */
@Secured(Role.VIEWER_NAME)
@Controller("/api/v1/fleets/{fleetId}/events")
@Requires(property = "vigil.roles.api", notEquals = "false")
@ProblemResponses
@Requires(beans = ProcessorRole.class)
public final class EventSearchController {

  /**
   * A page of events.
   *
   * @param events the events, newest first
   * @param next cursor of the next page, null if this is the last
   */
  public record EventPage(List<EventSummary> events, String next) {}

  static final int MAX_LIMIT = 500;
  // 13 digits of epoch milliseconds: the index's range, far beyond any device clock.
  private static final long LATEST_MS = 9_999_999_999_999L;

  private final StateRouting routing;

  EventSearchController(StateRouting routing) {
    this.routing = routing;
  }

  /**
   * @param vehicleId only this vehicle's events
   * @param driverId only this driver's events
   * @param type only these types, comma-separated wire names (e.g. harsh_braking,collision)
   * @param from earliest device time, ISO-8601 (default: the oldest retained)
   * @param to latest device time, ISO-8601 (default: now and later)
   * @param limit events per page, 1..500 (default 50)
   * @param cursor the previous page's {@code next}
   */
  @Get
  public EventPage search(
      String fleetId,
      @Nullable @QueryValue String vehicleId,
      @Nullable @QueryValue String driverId,
      @Nullable @QueryValue String type,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @QueryValue(defaultValue = "50") int limit,
      @Nullable @QueryValue String cursor,
      HttpRequest<?> request) {
    ScoreController.id("fleetId", fleetId);
    if (vehicleId != null) {
      ScoreController.id("vehicleId", vehicleId);
    }
    if (driverId != null) {
      ScoreController.id("driverId", driverId);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new HttpStatusException(
          HttpStatus.BAD_REQUEST, "limit must be 1.." + MAX_LIMIT + ", not " + limit);
    }
    long fromMs = from == null ? 0 : instant("from", from);
    long toMs = to == null ? LATEST_MS : instant("to", to);
    if (fromMs > toMs) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "from is after to");
    }
    EventQuery q =
        new EventQuery(fleetId, vehicleId, driverId, types(type), fromMs, toMs, position(cursor));
    ProcessorStores stores = routing.stores();
    if (vehicleId != null) {
      // One vehicle's events are all on the instance that holds the vehicle.
      return routing.owned(
          stores.ofVehicle(fleetId, vehicleId),
          request,
          EventPage.class,
          () -> page(stores.events(q, limit + 1), limit, false));
    }
    return fleetPage(q, limit, request.getUri().toString(), request);
  }

  /**
   * The newest {@code limit} events of {@code q} over every instance; peers are asked for {@code
   * path}.
   */
  private EventPage fleetPage(EventQuery q, int limit, String path, HttpRequest<?> request) {
    List<EventPage> parts =
        routing.gathered(
            path,
            request,
            EventPage.class,
            () -> Optional.of(page(routing.stores().events(q, limit + 1), limit, false)));
    // Each part is its instance's newest `limit`; the page is the newest `limit` of all of them.
    List<EventSummary> all = new ArrayList<>();
    boolean more = false;
    for (EventPage p : parts) {
      all.addAll(p.events());
      more |= p.next() != null;
    }
    all.sort(EventIndex.NEWEST_FIRST);
    return page(all, limit, more);
  }

  /**
   * The fleet's new events as server-sent events ({@code event: event}, data: the event as in
   * search results), as they are indexed; the stream starts with what arrives after it opened. The
   * index is searched every {@value #LIVE_POLL_MS} ms, so an event shows within about two seconds
   * of its score.
   */
  @Get(value = "/live", produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<EventSummary>> live(String fleetId, HttpRequest<?> request) {
    ScoreController.id("fleetId", fleetId);
    EventQuery newest = new EventQuery(fleetId, null, null, Set.of(), 0, LATEST_MS, null);
    String path = "/api/v1/fleets/" + fleetId + "/events?limit=" + LIVE_WINDOW;
    LiveFeed feed = new LiveFeed(() -> fleetPage(newest, LIVE_WINDOW, path, request).events());
    return Flux.interval(Duration.ZERO, Duration.ofMillis(LIVE_POLL_MS))
        .onBackpressureDrop()
        .concatMap(tick -> Mono.fromCallable(feed::next).subscribeOn(Schedulers.boundedElastic()))
        .concatMapIterable(events -> events)
        .map(e -> Event.of(e).id(e.eventId()).name("event"));
  }

  static final long LIVE_POLL_MS = 2_000;
  static final int LIVE_WINDOW = 50;

  private static EventPage page(List<EventSummary> newestFirst, int limit, boolean more) {
    if (newestFirst.size() <= limit && !more) {
      return new EventPage(List.copyOf(newestFirst), null);
    }
    List<EventSummary> shown =
        List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    EventSummary last = shown.get(shown.size() - 1);
    // The index orders by whole milliseconds, then id: so does the cursor.
    String position = millis(last) + ":" + last.eventId();
    return new EventPage(
        shown,
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(position.getBytes(StandardCharsets.UTF_8)));
  }

  private static long millis(EventSummary e) {
    return Instant.parse(e.deviceTime()).toEpochMilli();
  }

  private static EventQuery.Position position(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      String id = text.substring(colon + 1);
      UUID.fromString(id);
      return new EventQuery.Position(Long.parseLong(text.substring(0, colon)), id);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new HttpStatusException(
          HttpStatus.BAD_REQUEST, "cursor is not one this API returned: " + cursor);
    }
  }

  private static Set<String> types(String list) {
    Set<String> out = new TreeSet<>();
    if (list == null || list.isBlank()) {
      return out;
    }
    for (String t : list.split(",")) {
      String name = t.trim();
      if (Arrays.stream(EventType.values()).noneMatch(e -> e.wireName().equals(name))) {
        throw new HttpStatusException(
            HttpStatus.BAD_REQUEST,
            "type must be event types among "
                + Arrays.stream(EventType.values()).map(EventType::wireName).toList()
                + ", not "
                + name);
      }
      out.add(name);
    }
    return out;
  }

  private static long instant(String name, String value) {
    try {
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new HttpStatusException(
          HttpStatus.BAD_REQUEST,
          name + " must be an ISO-8601 instant like 2026-11-20T08:00:00Z, not " + value);
    }
  }
}
