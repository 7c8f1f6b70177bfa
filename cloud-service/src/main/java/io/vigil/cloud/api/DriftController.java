package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.vigil.cloud.app.DriftSettings;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.drift.FleetDrift;
import io.vigil.cloud.drift.RetrainingSuggestion;
import io.vigil.cloud.processor.ProcessorStores;
import io.vigil.cloud.rollout.VehicleModelState;
import io.vigil.protocol.drift.DriftReference;
import io.vigil.protocol.drift.FeatureBins;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A fleet's input drift: per model version its vehicles run, how far their recent inputs (telemetry
 * histograms, faded with {@code vigil.drift.half-life}) have moved from that version's training
 * inputs (its drift reference in the registry), channel by channel as a population stability index,
 * with the shares of both histograms to plot, and the retraining suggestion an alert opened.
 */
@Controller("/api/v1/fleets/{fleetId}/drift")
@Secured(Role.VIEWER_NAME)
@ProblemResponses
@Requires(property = "vigil.roles.api", notEquals = "false")
@Requires(beans = ProcessorRole.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class DriftController {

  /**
   * One input channel.
   *
   * @param name channel wire name
   * @param psi population stability index, null if not comparable
   * @param low lower edge of the first inner bin, the channel's unit
   * @param high upper edge of the last inner bin
   * @param reference the reference's share per bin (below low first, above high last)
   * @param observed the fleet's share per bin
   */
  public record Channel(
      String name, Double psi, double low, double high, double[] reference, double[] observed) {}

  /**
   * The drift of the fleet's vehicles on one model version.
   *
   * @param modelVersion the version
   * @param vehicles vehicles of the fleet whose status reports it now
   * @param level no_reference, insufficient, none, moderate or significant
   * @param samples faded frames of the channel with the fewest
   * @param reports telemetry reports counted
   * @param newestAt device time of the newest report counted
   * @param worstChannel the channel with the largest index
   * @param worstPsi its index
   * @param referenceWindows training windows the reference counted
   * @param suggestion the open retraining suggestion, if any
   * @param channels every channel, with both histograms
   */
  public record VersionDrift(
      String modelVersion,
      int vehicles,
      String level,
      double samples,
      long reports,
      Instant newestAt,
      String worstChannel,
      Double worstPsi,
      long referenceWindows,
      RetrainingSuggestion suggestion,
      List<Channel> channels) {}

  /**
   * @param fleetId the fleet
   * @param model the model whose references are compared with
   * @param alertPsi the index from which drift alerts
   * @param versions by model version
   */
  public record View(String fleetId, String model, double alertPsi, List<VersionDrift> versions) {}

  private final StateRouting routing;
  private final DriftSettings settings;

  DriftController(StateRouting routing, DriftSettings settings) {
    this.routing = routing;
    this.settings = settings;
  }

  /** The fleet's drift, per model version its vehicles run. */
  @Get
  public View drift(String fleetId, HttpRequest<?> request) {
    ScoreController.id("fleetId", fleetId);
    ProcessorStores stores = routing.stores();
    return routing.owned(
        stores.ofFleet(fleetId),
        "/api/v1/fleets/" + fleetId + "/drift",
        request,
        View.class,
        () -> local(fleetId, stores));
  }

  private View local(String fleetId, ProcessorStores stores) {
    SortedMap<String, VehicleModelState> vehicles = stores.rolloutVehicles(fleetId);
    List<VersionDrift> out = new ArrayList<>();
    for (FleetDrift d : stores.drift(fleetId).values()) {
      int on =
          (int)
              vehicles.values().stream()
                  .filter(v -> d.modelVersion().equals(v.modelVersion()))
                  .count();
      Optional<DriftReference> ref =
          stores
              .registeredModel(settings.model(), d.modelVersion())
              .flatMap(DriftController::reference);
      List<Channel> channels = new ArrayList<>();
      d.observed().counts().keySet().stream()
          .sorted()
          .forEach(
              ch -> {
                FeatureBins b = FeatureBins.of(ch).orElseThrow();
                long[] r = ref.map(x -> x.counts().get(ch)).orElse(null);
                channels.add(
                    new Channel(
                        ch,
                        d.assessment().psi().get(ch),
                        b.low(),
                        b.high(),
                        r == null ? new double[0] : shares(toDouble(r)),
                        shares(d.observed().counts().get(ch))));
              });
      out.add(
          new VersionDrift(
              d.modelVersion(),
              on,
              d.assessment().level().name().toLowerCase(java.util.Locale.ROOT),
              Math.round(d.assessment().samples()),
              d.observed().reports(),
              Instant.ofEpochMilli(d.observed().newestMs()),
              d.assessment().worstChannel(),
              d.assessment().worstChannel() == null ? null : d.assessment().worstPsi(),
              d.assessment().referenceWindows(),
              d.suggestion(),
              channels));
    }
    return new View(fleetId, settings.model(), settings.alertPsi(), out);
  }

  private static Optional<DriftReference> reference(io.vigil.cloud.registry.RegisteredModel m) {
    try {
      return m.driftReference();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static double[] toDouble(long[] c) {
    return java.util.Arrays.stream(c).asDoubleStream().toArray();
  }

  private static double[] shares(double[] c) {
    double sum = 0;
    for (double v : c) {
      sum += v;
    }
    double[] out = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      out[i] = sum == 0 ? 0 : Math.round(c[i] / sum * 1e5) / 1e5;
    }
    return out;
  }
}
