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
import io.vigil.cloud.score.ScoreWeights;
import io.vigil.cloud.score.Tally;
import io.vigil.protocol.topic.SafeId;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Safety scores of fleets, vehicles and drivers over the last {@code days} days up to {@code to}
 * (UTC; default today), from the processor's daily tallies on this instance. Bad parameters are
 * 400s with a problem description; while the processor starts or rebalances it answers 503.
 */
@Controller("/api/v1/fleets/{fleetId}")
@Requires(property = "vigil.roles.api", notEquals = "false")
@Requires(beans = ProcessorRole.class)
public final class ScoreController {

  private final ProcessorRole processor;
  private final Clock clock;
  private final ScoreWeights weights = ScoreWeights.defaults();

  ScoreController(ProcessorRole processor, Clock clock) {
    this.processor = processor;
    this.clock = clock;
  }

  @Get("/score")
  public ScoreReport fleet(
      String fleetId, @QueryValue(defaultValue = "7") int days, @Nullable @QueryValue String to) {
    return report(Kind.FLEET, id("fleetId", fleetId), days, to);
  }

  @Get("/vehicles/{vehicleId}/score")
  public ScoreReport vehicle(
      String fleetId,
      String vehicleId,
      @QueryValue(defaultValue = "7") int days,
      @Nullable @QueryValue String to) {
    return report(
        Kind.VEHICLE, id("fleetId", fleetId) + "/" + id("vehicleId", vehicleId), days, to);
  }

  @Get("/drivers/{driverId}/score")
  public ScoreReport driver(
      String fleetId,
      String driverId,
      @QueryValue(defaultValue = "7") int days,
      @Nullable @QueryValue String to) {
    return report(Kind.DRIVER, id("fleetId", fleetId) + "/" + id("driverId", driverId), days, to);
  }

  private ScoreReport report(Kind kind, String id, int days, String toText) {
    ReportPeriod period = ReportPeriod.of(days, toText, clock);
    LocalDate from = period.from();
    LocalDate to = period.to();
    Unavailable.unlessRunning(processor);
    Map<LocalDate, Tally> daily = new HashMap<>();
    try {
      ReadOnlyKeyValueStore<String, Tally> store = processor.tallies();
      try (KeyValueIterator<String, Tally> it =
          store.range(TallyKey.of(kind, id, from), TallyKey.of(kind, id, to))) {
        while (it.hasNext()) {
          KeyValue<String, Tally> kv = it.next();
          daily.put(LocalDate.parse(kv.key.substring(kv.key.lastIndexOf('|') + 1)), kv.value);
        }
      }
    } catch (InvalidStateStoreException e) {
      throw Unavailable.storesNotReady();
    }
    return ScoreReport.of(kind.wireName(), id, from, to, daily, weights);
  }

  private static String id(String name, String value) {
    if (!SafeId.isValid(value)) {
      throw new HttpStatusException(
          HttpStatus.BAD_REQUEST, name + " must be 1-64 of [A-Za-z0-9_-], not " + value);
    }
    return value;
  }
}
