package io.vigil.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.annotation.Secured;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.processor.ProcessorStores;
import io.vigil.cloud.processor.VehicleState;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Vehicle status as the agents report it: online or not, when last heard of, agent and model
 * version, model update and mounting calibration, current driver, trip and offline buffer. One
 * vehicle, or a fleet's vehicles by id with how many are online.
 */
@Secured(Role.VIEWER_NAME)
@Controller("/api/v1/fleets/{fleetId}/vehicles")
@Requires(property = "vigil.roles.api", notEquals = "false")
@ProblemResponses
@Requires(beans = ProcessorRole.class)
public final class VehicleController {

  /**
   * One vehicle's status. Nested objects are as the agent published them.
   *
   * @param vehicleId the vehicle
   * @param online whether its agent is connected (its latest status says online)
   * @param offlineReason why it went offline, if it did and said why
   * @param lastSeen device time of its latest message, ISO-8601
   * @param lastEvent device time of its latest event, ISO-8601, null before any
   * @param driverId the driver of its latest telemetry
   * @param agentVersion edge agent software version
   * @param modelVersion active model version
   * @param modelUpdate state of the latest model update
   * @param calibration mounting calibration, from the newer of status and telemetry
   * @param trip current trip (id, state, distance)
   * @param outbox offline buffer of the agent
   */
  public record Status(
      String vehicleId,
      boolean online,
      String offlineReason,
      String lastSeen,
      String lastEvent,
      String driverId,
      String agentVersion,
      String modelVersion,
      JsonNode modelUpdate,
      JsonNode calibration,
      JsonNode trip,
      JsonNode outbox) {}

  /**
   * A page of a fleet's vehicles, by id.
   *
   * @param total vehicles of the fleet
   * @param online of them online
   * @param vehicles this page
   */
  public record Page(int total, int online, List<Status> vehicles) {}

  private final StateRouting routing;
  private final ObjectMapper json = new ObjectMapper();

  VehicleController(StateRouting routing) {
    this.routing = routing;
  }

  @Get("/{vehicleId}")
  public Status vehicle(String fleetId, String vehicleId, HttpRequest<?> request) {
    ScoreController.id("fleetId", fleetId);
    ScoreController.id("vehicleId", vehicleId);
    ProcessorStores stores = routing.stores();
    return routing.owned(
        stores.ofVehicle(fleetId, vehicleId),
        request,
        Status.class,
        () ->
            stores
                .vehicle(fleetId, vehicleId)
                .map(v -> status(vehicleId, v))
                .orElseThrow(
                    () ->
                        new HttpStatusException(
                            HttpStatus.NOT_FOUND,
                            "no vehicle " + vehicleId + " has reported in fleet " + fleetId)));
  }

  /**
   * @param limit vehicles per page, 1..500 (default 50)
   * @param offset vehicles to skip (default 0)
   */
  @Get
  public Page vehicles(
      String fleetId,
      @QueryValue(defaultValue = "50") int limit,
      @QueryValue(defaultValue = "0") int offset,
      HttpRequest<?> request) {
    ScoreController.id("fleetId", fleetId);
    if (limit < 1 || limit > 500 || offset < 0) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "limit must be 1..500 and offset ≥ 0");
    }
    return page(fleetId, limit, offset, request, request.getUri().toString());
  }

  /** A page of the fleet's vehicles; other instances are asked for {@code path} (a GET of it). */
  Page page(String fleetId, int limit, int offset, HttpRequest<?> request, String path) {
    // Each instance lists its own vehicles; its first offset + limit are enough for the page.
    List<Page> parts =
        routing.gathered(
            path,
            request,
            Page.class,
            () -> {
              Map<String, VehicleState> here = routing.stores().vehicles(fleetId);
              List<Status> rows = new ArrayList<>();
              here.forEach((id, v) -> rows.add(status(id, v)));
              int online = (int) rows.stream().filter(Status::online).count();
              return Optional.of(new Page(rows.size(), online, slice(rows, 0, offset + limit)));
            });
    if (StateRouting.localOnly(request)) {
      return parts.get(0);
    }
    List<Status> all = new ArrayList<>();
    int total = 0;
    int online = 0;
    for (Page p : parts) {
      all.addAll(p.vehicles());
      total += p.total();
      online += p.online();
    }
    all.sort(Comparator.comparing(Status::vehicleId));
    return new Page(total, online, slice(all, offset, limit));
  }

  private Status status(String vehicleId, VehicleState v) {
    JsonNode status = parse(v.status());
    JsonNode telemetry = parse(v.telemetry());
    JsonNode calibration =
        v.telemetryMs() >= v.statusMs() && present(telemetry.path("calibration"))
            ? telemetry.path("calibration")
            : status.path("calibration");
    return new Status(
        vehicleId,
        "online".equals(status.path("state").asText()),
        text(status.path("reason")),
        Instant.ofEpochMilli(v.lastSeenMs()).toString(),
        v.lastEventMs() == 0 ? null : Instant.ofEpochMilli(v.lastEventMs()).toString(),
        text(telemetry.path("driverId")),
        text(status.path("agentVersion")),
        text(status.path("modelVersion")),
        node(status.path("modelUpdate")),
        node(calibration),
        node(telemetry.path("trip")),
        node(telemetry.path("outbox")));
  }

  private JsonNode parse(String text) {
    if (text == null) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("the vehicle store holds unreadable JSON", e);
    }
  }

  private static boolean present(JsonNode n) {
    return !n.isMissingNode() && !n.isNull();
  }

  private static JsonNode node(JsonNode n) {
    return present(n) ? n : null;
  }

  private static String text(JsonNode n) {
    return present(n) ? n.asText() : null;
  }

  private static <T> List<T> slice(List<T> rows, int offset, int limit) {
    return List.copyOf(
        rows.subList(Math.min(offset, rows.size()), Math.min(offset + limit, rows.size())));
  }
}
