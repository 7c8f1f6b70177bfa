package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.processor.ProcessorStores;
import io.vigil.cloud.rollout.Rollout;
import io.vigil.cloud.rollout.RolloutCommand;
import io.vigil.cloud.rollout.RolloutMachine;
import io.vigil.cloud.rollout.RolloutStage;
import io.vigil.cloud.rollout.VehicleModelState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A fleet's model rollout: where it stands (stage, cohort and control tallies, shadow agreement,
 * each cohort vehicle's model state from its status), and the admin's steps: start a candidate in
 * shadow or as a canary on N% of the fleet, promote (shadow → canary → fleet), pause, resume, roll
 * back. A step is answered once the processor has applied it (or refused it, 409 with the reason).
 * A canary that departs from its control group beyond {@code vigil.rollout.*} is rolled back (or
 * paused) by the processor itself; its history says so.
 */
@Controller("/api/v1/fleets/{fleetId}/rollout")
@Secured(Role.VIEWER_NAME)
@ProblemResponses
@Requires(property = "vigil.roles.api", notEquals = "false")
@Requires(beans = ProcessorRole.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class RolloutController {

  /**
   * One cohort vehicle as its status reports it.
   *
   * @param vehicleId the vehicle
   * @param modelVersion its active model
   * @param updateState its latest model update's state (downloading, verified, active, shadow,
   *     failed)
   * @param updateVersion the version that update is about
   */
  public record CohortVehicle(
      String vehicleId, String modelVersion, String updateState, String updateVersion) {}

  /**
   * A fleet's rollout and its vehicles' models.
   *
   * @param fleetId the fleet
   * @param rollout the current or last rollout, null if the fleet never had one
   * @param knownVehicles vehicles that have reported
   * @param baseline the version most of them run
   * @param versions vehicles by active model version
   * @param cohort the rollout's cohort, by vehicle id (at most {@value #MAX_COHORT_LISTED})
   */
  public record View(
      String fleetId,
      Rollout rollout,
      int knownVehicles,
      String baseline,
      Map<String, Integer> versions,
      List<CohortVehicle> cohort) {}

  /**
   * Starts a rollout.
   *
   * @param model model name
   * @param version the registered version to roll out
   * @param stage shadow or canary
   * @param percent share of the fleet's vehicles in the cohort, 1..100 (default 20)
   * @param reason why, free text
   */
  @Introspected
  public record StartRequest(
      String model,
      String version,
      String stage,
      @Nullable Integer percent,
      @Nullable String reason) {}

  /**
   * A step of a rollout under way.
   *
   * @param reason why, free text
   */
  @Introspected
  public record StepRequest(@Nullable String reason) {}

  static final int MAX_COHORT_LISTED = 1000;
  private static final Duration APPLIED_WITHIN = Duration.ofSeconds(15);

  private final StateRouting routing;
  private final ControlPublisher publisher;
  private final Clock clock;

  RolloutController(StateRouting routing, ControlPublisher publisher, Clock clock) {
    this.routing = routing;
    this.publisher = publisher;
    this.clock = clock;
  }

  /** Where the fleet's rollout stands. */
  @Get
  public View rollout(String fleetId, HttpRequest<?> request) {
    return view(fleetId, request);
  }

  /** Starts rolling a registered candidate out to a cohort, in shadow or as a canary. */
  @Post
  @Secured(Role.ADMIN_NAME)
  public HttpResponse<View> start(
      String fleetId, @Body StartRequest r, Authentication user, HttpRequest<?> request)
      throws InterruptedException {
    if (r.model() == null || r.version() == null || r.stage() == null) {
      throw new HttpStatusException(
          HttpStatus.BAD_REQUEST, "give model, version and stage (shadow or canary)");
    }
    RolloutStage stage;
    try {
      stage = RolloutStage.valueOf(r.stage().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new HttpStatusException(
          HttpStatus.BAD_REQUEST, "stage must be shadow or canary, not '" + r.stage() + "'");
    }
    int percent = r.percent() == null ? 20 : r.percent();
    RolloutCommand c =
        command(
            RolloutCommand.Action.START, r.model(), r.version(), stage, percent, user, r.reason());
    View now = view(fleetId, request);
    boolean registered = routing.stores().registeredModel(r.model(), r.version()).isPresent();
    // The processor decides; the same pure check here gives the admin the reason at once.
    RolloutMachine.refusal(
            now.rollout(), c, fleetId, now.knownVehicles(), now.baseline(), v -> registered)
        .ifPresent(
            why -> {
              throw new HttpStatusException(HttpStatus.CONFLICT, why);
            });
    return send(fleetId, c, request);
  }

  /** Promotes the rollout: shadow to canary, canary to the whole fleet. */
  @Post("/promote")
  @Secured(Role.ADMIN_NAME)
  public HttpResponse<View> promote(
      String fleetId, @Nullable @Body StepRequest r, Authentication user, HttpRequest<?> request)
      throws InterruptedException {
    return step(fleetId, RolloutCommand.Action.PROMOTE, r, user, request);
  }

  /** Holds the rollout where it is: no promotion, no automatic judgement, until resumed. */
  @Post("/pause")
  @Secured(Role.ADMIN_NAME)
  public HttpResponse<View> pause(
      String fleetId, @Nullable @Body StepRequest r, Authentication user, HttpRequest<?> request)
      throws InterruptedException {
    return step(fleetId, RolloutCommand.Action.PAUSE, r, user, request);
  }

  /** Continues a paused rollout. */
  @Post("/resume")
  @Secured(Role.ADMIN_NAME)
  public HttpResponse<View> resume(
      String fleetId, @Nullable @Body StepRequest r, Authentication user, HttpRequest<?> request)
      throws InterruptedException {
    return step(fleetId, RolloutCommand.Action.RESUME, r, user, request);
  }

  /**
   * Takes the candidate back: the cohort (or, after promotion, the fleet) returns to the baseline.
   */
  @Post("/rollback")
  @Secured(Role.ADMIN_NAME)
  public HttpResponse<View> rollback(
      String fleetId, @Nullable @Body StepRequest r, Authentication user, HttpRequest<?> request)
      throws InterruptedException {
    return step(fleetId, RolloutCommand.Action.ROLLBACK, r, user, request);
  }

  private HttpResponse<View> step(
      String fleetId,
      RolloutCommand.Action action,
      StepRequest r,
      Authentication user,
      HttpRequest<?> request)
      throws InterruptedException {
    RolloutCommand c = command(action, null, null, null, 0, user, r == null ? null : r.reason());
    View now = view(fleetId, request);
    RolloutMachine.refusal(
            now.rollout(), c, fleetId, now.knownVehicles(), now.baseline(), v -> true)
        .ifPresent(
            why -> {
              throw new HttpStatusException(HttpStatus.CONFLICT, why);
            });
    return send(fleetId, c, request);
  }

  private RolloutCommand command(
      RolloutCommand.Action action,
      String model,
      String version,
      RolloutStage stage,
      int percent,
      Authentication user,
      String reason) {
    if (reason != null && reason.length() > 200) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "reason: at most 200 characters");
    }
    return new RolloutCommand(
        UUID.randomUUID().toString(),
        action,
        model,
        version,
        stage,
        percent,
        user.getName(),
        reason,
        clock.instant());
  }

  /** Writes the command, then answers with the rollout once the processor has applied it. */
  private HttpResponse<View> send(String fleetId, RolloutCommand c, HttpRequest<?> request)
      throws InterruptedException {
    try {
      publisher.rolloutCommand(fleetId, c);
    } catch (ExecutionException | TimeoutException e) {
      throw new HttpStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not take the command; retry: " + e);
    }
    long deadline = System.nanoTime() + APPLIED_WITHIN.toNanos();
    View v = view(fleetId, request);
    while (!applied(v, c) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      v = view(fleetId, request);
    }
    if (!applied(v, c)) {
      return HttpResponse.<View>accepted().body(v);
    }
    if (v.rollout().lastRefusal() != null) {
      throw new HttpStatusException(HttpStatus.CONFLICT, v.rollout().lastRefusal());
    }
    return HttpResponse.ok(v);
  }

  private static boolean applied(View v, RolloutCommand c) {
    return v.rollout() != null && c.commandId().equals(v.rollout().lastCommandId());
  }

  private View view(String fleetId, HttpRequest<?> request) {
    ScoreController.id("fleetId", fleetId);
    ProcessorStores stores = routing.stores();
    return routing.owned(
        stores.ofFleet(fleetId),
        "/api/v1/fleets/" + fleetId + "/rollout",
        request,
        View.class,
        () -> local(fleetId, stores));
  }

  private static View local(String fleetId, ProcessorStores stores) {
    Rollout r = stores.rollout(fleetId).orElse(null);
    SortedMap<String, VehicleModelState> vehicles = stores.rolloutVehicles(fleetId);
    Map<String, Integer> versions = new TreeMap<>();
    List<CohortVehicle> cohort = new ArrayList<>();
    vehicles.forEach(
        (id, v) -> {
          if (v.modelVersion() != null) {
            versions.merge(v.modelVersion(), 1, Integer::sum);
          }
          if (r != null
              && r.rolloutId().equals(v.cohortOf())
              && cohort.size() < MAX_COHORT_LISTED) {
            cohort.add(new CohortVehicle(id, v.modelVersion(), v.updateState(), v.updateVersion()));
          }
        });
    return new View(
        fleetId, r, vehicles.size(), RolloutMachine.baseline(vehicles), versions, cohort);
  }
}
