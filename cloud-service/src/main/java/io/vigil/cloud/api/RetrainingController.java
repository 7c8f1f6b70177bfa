package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
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
import io.vigil.cloud.app.DriftSettings;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.processor.ProcessorStores;
import io.vigil.cloud.registry.RegisteredModel;
import io.vigil.cloud.retraining.RetrainingJob;
import io.vigil.cloud.retraining.RetrainingRequests;
import io.vigil.cloud.rollout.RolloutMachine;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Retraining jobs of a fleet: an admin asks for one (retrain a registered version from its data
 * plus the fleet's reviewed samples; the candidate is published only if it passes the gate), and
 * everyone with access to the fleet follows its step, progress, output and outcome. The trainer
 * role runs one job at a time for all fleets, so a request while any job is waiting or running is
 * refused (409).
 */
@Controller("/api/v1/fleets/{fleetId}/retraining")
@Secured(Role.VIEWER_NAME)
@ProblemResponses
@Requires(property = "vigil.roles.api", notEquals = "false")
@Requires(beans = ProcessorRole.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class RetrainingController {

  /**
   * Asks for a job.
   *
   * @param parentVersion the registered version to retrain (default: the version most of the
   *     fleet's vehicles run, else the newest registered)
   * @param candidateVersion the candidate's version (default: the parent's next minor version)
   * @param reason why, free text (at most 300 characters)
   */
  @Introspected
  public record Request(
      @Nullable String parentVersion, @Nullable String candidateVersion, @Nullable String reason) {}

  /**
   * @param fleetId the fleet
   * @param model the model retrained
   * @param busy whether a job (of any fleet) is waiting or running
   * @param jobs the fleet's jobs, newest first (at most {@value #LISTED})
   */
  public record View(String fleetId, String model, boolean busy, List<RetrainingJob> jobs) {}

  static final int LISTED = 20;
  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(15);

  private final ProcessorRole processor;
  private final ControlPublisher publisher;
  private final DriftSettings drift;
  private final StateRouting routing;
  private final Clock clock;

  RetrainingController(
      ProcessorRole processor,
      ControlPublisher publisher,
      DriftSettings drift,
      StateRouting routing,
      Clock clock) {
    this.processor = processor;
    this.publisher = publisher;
    this.drift = drift;
    this.routing = routing;
    this.clock = clock;
  }

  /** The fleet's jobs. */
  @Get
  public View jobs(String fleetId) {
    ScoreController.id("fleetId", fleetId);
    List<RetrainingJob> all = List.copyOf(processor.stores().retrainingJobs().values());
    List<RetrainingJob> mine =
        all.stream()
            .filter(j -> fleetId.equals(j.fleetId()))
            .sorted(Comparator.comparing(RetrainingJob::requestedAt).reversed())
            .limit(LISTED)
            .toList();
    return new View(fleetId, drift.model(), all.stream().anyMatch(j -> j.state().live()), mine);
  }

  /** Asks the trainer for a job; 202 once the job is visible, with it. */
  @Post
  @Secured(Role.ADMIN_NAME)
  public HttpResponse<RetrainingJob> request(
      String fleetId, @Nullable @Body Request r, Authentication user) throws InterruptedException {
    ScoreController.id("fleetId", fleetId);
    String reason = r == null ? null : r.reason();
    if (reason != null && reason.length() > 300) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "reason: at most 300 characters");
    }
    ProcessorStores stores = processor.stores();
    String model = drift.model();
    Predicate<String> registered = v -> stores.registeredModel(model, v).isPresent();
    String parent =
        r != null && r.parentVersion() != null ? r.parentVersion() : defaultParent(fleetId, model);
    String candidate =
        r != null && r.candidateVersion() != null
            ? r.candidateVersion()
            : RetrainingRequests.nextVersion(parent, registered);
    RetrainingRequests.refusal(
            stores.retrainingJobs().values(), model, parent, candidate, registered)
        .ifPresent(
            why -> {
              throw new HttpStatusException(HttpStatus.CONFLICT, why);
            });
    RetrainingJob job =
        RetrainingJob.requested(
            UUID.randomUUID().toString(),
            model,
            parent,
            candidate,
            fleetId,
            reason,
            user.getName(),
            clock.instant());
    try {
      publisher.retrainingJob(job);
    } catch (ExecutionException | TimeoutException e) {
      throw new HttpStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not take the request; retry: " + e);
    }
    long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
    while (!stores.retrainingJobs().containsKey(job.jobId()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return HttpResponse.accepted().body(job);
  }

  /** The version most of the fleet's vehicles run if it is registered, else the newest. */
  private String defaultParent(String fleetId, String model) {
    ProcessorStores stores = routing.stores();
    String baseline = null;
    if (stores.ofFleet(fleetId).local()) {
      baseline = RolloutMachine.baseline(stores.rolloutVehicles(fleetId));
    }
    if (baseline != null && stores.registeredModel(model, baseline).isPresent()) {
      return baseline;
    }
    List<String> versions =
        stores.registeredModels().values().stream()
            .filter(m -> m.name().equals(model))
            .map(RegisteredModel::version)
            .toList();
    return RetrainingRequests.newest(versions)
        .orElseThrow(
            () ->
                new HttpStatusException(
                    HttpStatus.CONFLICT, "no version of " + model + " is registered to retrain"));
  }
}
