package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.processor.TallyKey;
import io.vigil.cloud.processor.TallyKey.Kind;
import io.vigil.cloud.score.SafetyScore;
import io.vigil.cloud.score.ScoreWeights;
import io.vigil.cloud.score.Tally;
import io.vigil.protocol.topic.SafeId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * A fleet's leaderboard: its drivers or vehicles over the last {@code days} days, worst score first
 * (those are the ones a safety manager looks at), then those without enough driving for a score.
 * Paginated with {@code limit} and {@code offset}.
 */
@Controller("/api/v1/fleets/{fleetId}/leaderboard")
@Requires(property = "vigil.roles.api", notEquals = "false")
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

  private final ProcessorRole processor;
  private final Clock clock;
  private final ScoreWeights weights = ScoreWeights.defaults();

  LeaderboardController(ProcessorRole processor, Clock clock) {
    this.processor = processor;
    this.clock = clock;
  }

  @Get("/drivers")
  public Page drivers(
      String fleetId,
      @QueryValue(defaultValue = "7") int days,
      @Nullable @QueryValue String to,
      @QueryValue(defaultValue = "50") int limit,
      @QueryValue(defaultValue = "0") int offset) {
    return page(Kind.DRIVER, fleetId, days, to, limit, offset);
  }

  @Get("/vehicles")
  public Page vehicles(
      String fleetId,
      @QueryValue(defaultValue = "7") int days,
      @Nullable @QueryValue String to,
      @QueryValue(defaultValue = "50") int limit,
      @QueryValue(defaultValue = "0") int offset) {
    return page(Kind.VEHICLE, fleetId, days, to, limit, offset);
  }

  private Page page(Kind kind, String fleetId, int days, String toText, int limit, int offset) {
    if (!SafeId.isValid(fleetId)) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "fleetId is not a valid id");
    }
    if (limit < 1 || limit > 500 || offset < 0) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "limit must be 1..500 and offset ≥ 0");
    }
    ReportPeriod period = ReportPeriod.of(days, toText, clock);
    String from = period.from().toString();
    String last = period.to().toString();
    Unavailable.unlessRunning(processor);
    // Keys are kind|fleet/id|day: one prefix scan gives every entity of the fleet, day by day.
    String prefix = TallyKey.fleetPrefix(kind, fleetId);
    Map<String, Tally> byEntity = new TreeMap<>();
    try (KeyValueIterator<String, Tally> it =
        processor.<Tally>tallies().prefixScan(prefix, new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, Tally> kv = it.next();
        String rest = kv.key.substring(prefix.length());
        int bar = rest.lastIndexOf('|');
        String day = rest.substring(bar + 1);
        if (day.compareTo(from) >= 0 && day.compareTo(last) <= 0) {
          byEntity.merge(rest.substring(0, bar), kv.value, Tally::plus);
        }
      }
    } catch (InvalidStateStoreException e) {
      throw Unavailable.storesNotReady();
    }
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
    rows.sort(
        Comparator.comparing((Row r) -> r.score() == null)
            .thenComparing(r -> r.score() == null ? 0 : r.score())
            .thenComparing(Row::id));
    List<Row> pageRows =
        rows.subList(Math.min(offset, rows.size()), Math.min(offset + limit, rows.size()));
    return new Page(kind.wireName() + "s", from, last, rows.size(), List.copyOf(pageRows));
  }
}
