package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.annotation.Secured;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.processor.FleetScoped;
import io.vigil.cloud.processor.ProcessorStores;
import io.vigil.cloud.processor.TallyKey.Kind;
import io.vigil.cloud.score.ScoreWeights;
import io.vigil.protocol.topic.SafeId;
import java.time.Clock;

/**
 * Safety scores of fleets, vehicles and drivers over the last {@code days} days up to {@code to}
 * (UTC; default today), with one entry per day (the score history), from the processor's daily
 * tallies on whichever instance holds them. Bad parameters are 400s with a problem description;
 * while the processor starts or rebalances it answers 503.
 */
@Secured(Role.VIEWER_NAME)
@Controller("/api/v1/fleets/{fleetId}")
@Requires(property = "vigil.roles.api", notEquals = "false")
@ProblemResponses
@Requires(beans = ProcessorRole.class)
public final class ScoreController {

  private final StateRouting routing;
  private final Clock clock;
  private final ScoreWeights weights = ScoreWeights.defaults();

  ScoreController(StateRouting routing, Clock clock) {
    this.routing = routing;
    this.clock = clock;
  }

  @Get("/score")
  public ScoreReport fleet(
      String fleetId,
      @QueryValue(defaultValue = "7") int days,
      @Nullable @QueryValue String to,
      HttpRequest<?> request) {
    return report(Kind.FLEET, id("fleetId", fleetId), days, to, request);
  }

  @Get("/vehicles/{vehicleId}/score")
  public ScoreReport vehicle(
      String fleetId,
      String vehicleId,
      @QueryValue(defaultValue = "7") int days,
      @Nullable @QueryValue String to,
      HttpRequest<?> request) {
    return report(
        Kind.VEHICLE,
        FleetScoped.id(id("fleetId", fleetId), id("vehicleId", vehicleId)),
        days,
        to,
        request);
  }

  @Get("/drivers/{driverId}/score")
  public ScoreReport driver(
      String fleetId,
      String driverId,
      @QueryValue(defaultValue = "7") int days,
      @Nullable @QueryValue String to,
      HttpRequest<?> request) {
    return report(
        Kind.DRIVER,
        FleetScoped.id(id("fleetId", fleetId), id("driverId", driverId)),
        days,
        to,
        request);
  }

  private ScoreReport report(
      Kind kind, String id, int days, String toText, HttpRequest<?> request) {
    ReportPeriod period = ReportPeriod.of(days, toText, clock);
    ProcessorStores stores = routing.stores();
    return routing.owned(
        stores.ofTallies(kind, id),
        request,
        ScoreReport.class,
        () ->
            ScoreReport.of(
                kind.wireName(),
                id,
                period.from(),
                period.to(),
                stores.dailyTallies(kind, id, period.from(), period.to()),
                weights));
  }

  /** The id parameter {@code name}, or a 400 if it is not a valid id. */
  static String id(String name, String value) {
    if (!SafeId.isValid(value)) {
      throw new HttpStatusException(
          HttpStatus.BAD_REQUEST, name + " must be 1-64 of [A-Za-z0-9_-], not " + value);
    }
    return value;
  }
}
