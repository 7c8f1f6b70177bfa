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
import io.vigil.cloud.processor.TallyKey.Kind;
import io.vigil.cloud.score.SafetyScore;
import io.vigil.cloud.score.ScoreWeights;
import io.vigil.cloud.score.Tally;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A fleet's leaderboard: its drivers or vehicles over the last {@code days} days, worst score first
 * (those are the ones a safety manager looks at), then those without enough driving for a score.
 * Paginated with {@code limit} and {@code offset}; gathered from every processor instance.
 */
@Secured(Role.VIEWER_NAME)
@Controller("/api/v1/fleets/{fleetId}/leaderboard")
@Requires(property = "vigil.roles.api", notEquals = "false")
@ProblemResponses
@Requires(beans = ProcessorRole.class)
public final class LeaderboardController {

  /**
   * One row.
   *
   * @param id the driver or vehicle id (without the fleet)
   * @param score its score, null below the minimum distance
   * @param band its band, null without a score
   * @param distanceKm distance driven in the period
   * @param events events counted in the period
   */
  public record Row(String id, Double score, String band, double distanceKm, long events) {}

  /**
   * A page of the leaderboard.
   *
   * @param of drivers or vehicles
   * @param from first day
   * @param to last day
   * @param total rows in all pages
   * @param rows this page
   */
  public record Page(String of, String from, String to, int total, List<Row> rows) {}

  private final StateRouting routing;
  private final Clock clock;
  private final ScoreWeights weights = ScoreWeights.defaults();

  LeaderboardController(StateRouting routing, Clock clock) {
    this.routing = routing;
    this.clock = clock;
  }

  /**
   * @param of {@code drivers} or {@code vehicles}
   * @param days days up to {@code to}, 1..90 (default 7)
   * @param to last day, UTC yyyy-mm-dd (default today)
   * @param limit rows per page, 1..500 (default 50)
   * @param offset rows to skip (default 0)
   */
  @Get("/{of}")
  public Page leaderboard(
      String fleetId,
      String of,
      @QueryValue(defaultValue = "7") int days,
      @Nullable @QueryValue String to,
      @QueryValue(defaultValue = "50") int limit,
      @QueryValue(defaultValue = "0") int offset,
      HttpRequest<?> request) {
    Kind kind =
        switch (of) {
          case "drivers" -> Kind.DRIVER;
          case "vehicles" -> Kind.VEHICLE;
          default ->
              throw new HttpStatusException(
                  HttpStatus.NOT_FOUND, "leaderboards are of drivers or vehicles, not " + of);
        };
    return page(kind, fleetId, days, to, limit, offset, request);
  }

  private Page page(
      Kind kind,
      String fleetId,
      int days,
      String toText,
      int limit,
      int offset,
      HttpRequest<?> request) {
    ScoreController.id("fleetId", fleetId);
    if (limit < 1 || limit > 500 || offset < 0) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "limit must be 1..500 and offset ≥ 0");
    }
    ReportPeriod period = ReportPeriod.of(days, toText, clock);
    String of = kind.wireName() + "s";
    String from = period.from().toString();
    String last = period.to().toString();
    // Each entity's tallies are on one instance: every instance ranks its own, and the first
    // offset + limit rows of each are enough to rank the page.
    List<Page> parts =
        routing.gathered(
            request,
            Page.class,
            () -> {
              List<Row> rows =
                  rank(routing.stores().talliesOfFleet(kind, fleetId, period.from(), period.to()));
              return Optional.of(
                  new Page(of, from, last, rows.size(), top(rows, 0, offset + limit)));
            });
    if (StateRouting.localOnly(request)) {
      return parts.get(0);
    }
    List<Row> all = new ArrayList<>();
    int total = 0;
    for (Page p : parts) {
      all.addAll(p.rows());
      total += p.total();
    }
    all.sort(WORST_FIRST);
    return new Page(of, from, last, total, top(all, offset, limit));
  }

  private static final Comparator<Row> WORST_FIRST =
      Comparator.comparing((Row r) -> r.score() == null)
          .thenComparing(r -> r.score() == null ? 0 : r.score())
          .thenComparing(Row::id);

  private List<Row> rank(Map<String, Tally> byEntity) {
    List<Row> rows = new ArrayList<>();
    byEntity.forEach(
        (id, t) -> {
          OptionalDouble s = SafetyScore.of(t, weights);
          Double score = s.isPresent() ? s.getAsDouble() : null;
          rows.add(
              new Row(
                  id,
                  score,
                  score == null ? null : SafetyScore.Band.of(score).wireName(),
                  Math.round(t.distanceM()) / 1000.0,
                  t.counts().values().stream().mapToLong(Long::longValue).sum()));
        });
    rows.sort(WORST_FIRST);
    return rows;
  }

  private static List<Row> top(List<Row> rows, int offset, int limit) {
    return List.copyOf(
        rows.subList(Math.min(offset, rows.size()), Math.min(offset + limit, rows.size())));
  }
}
