package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.rollout.DownlinkMessage;
import io.vigil.protocol.Command;
import io.vigil.protocol.UploadSamples;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Asks a fleet's agents for stretches of driving their model did not flag ({@code upload_samples}
 * commands), so that retraining sees negatives beyond the events reviewers dismissed. The agents
 * upload them on {@code .../windows}; ingest puts them on {@code vigil.window-samples}, and the
 * sample export adds them to the dataset as normal driving.
 */
@Controller("/api/v1/fleets/{fleetId}/window-samples")
@Secured(Role.ADMIN_NAME)
@ProblemResponses
@Requires(property = "vigil.roles.api", notEquals = "false")
@Requires(beans = ProcessorRole.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class WindowSampleController {

  static final int MAX_VEHICLES = 500;

  /**
   * A request.
   *
   * @param count stretches per vehicle (range and default: {@link UploadSamples})
   * @param spacingS least seconds between two stretches' starts (range and default: {@link
   *     UploadSamples})
   * @param vehicles the vehicles to ask (at most 500; default: the fleet's first 500 by id that
   *     have reported)
   */
  @Introspected
  public record Request(
      @Nullable Integer count, @Nullable Integer spacingS, @Nullable List<String> vehicles) {}

  /**
   * What was sent.
   *
   * @param requestId the commands' id, carried by every uploaded sample
   * @param vehicles the vehicles asked
   */
  public record Accepted(String requestId, int count, int spacingS, List<String> vehicles) {}

  private final ControlPublisher publisher;
  private final VehicleController vehicles;
  private final ProtocolCodec codec;
  private final Clock clock;

  WindowSampleController(ControlPublisher publisher, VehicleController vehicles, Clock clock) {
    this.publisher = publisher;
    this.vehicles = vehicles;
    this.codec = new ProtocolCodec(clock);
    this.clock = clock;
  }

  /** Sends the command to each vehicle; 202 once Kafka has them all. */
  @Post
  public HttpResponse<Accepted> request(
      String fleetId, @Nullable @Body Request r, HttpRequest<?> request)
      throws InterruptedException {
    ScoreController.id("fleetId", fleetId);
    UploadSamples args;
    try {
      args =
          new UploadSamples(
              UUID.randomUUID(),
              r == null || r.count() == null ? UploadSamples.DEFAULT_COUNT : r.count(),
              r == null || r.spacingS() == null ? UploadSamples.DEFAULT_SPACING_S : r.spacingS());
    } catch (IllegalArgumentException e) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    List<String> targets;
    if (r != null && r.vehicles() != null) {
      if (r.vehicles().isEmpty() || r.vehicles().size() > MAX_VEHICLES) {
        throw new HttpStatusException(
            HttpStatus.BAD_REQUEST, "vehicles: 1.." + MAX_VEHICLES + " vehicle ids");
      }
      r.vehicles().forEach(v -> ScoreController.id("vehicles[]", v));
      targets = List.copyOf(r.vehicles());
    } else {
      targets =
          vehicles
              .page(
                  fleetId,
                  MAX_VEHICLES,
                  0,
                  request,
                  "/api/v1/fleets/" + fleetId + "/vehicles?limit=" + MAX_VEHICLES)
              .vehicles()
              .stream()
              .map(VehicleController.Status::vehicleId)
              .toList();
      if (targets.isEmpty()) {
        throw new HttpStatusException(
            HttpStatus.CONFLICT, "no vehicle of fleet " + fleetId + " has reported yet");
      }
    }
    try {
      for (String v : targets) {
        // One command id per vehicle: an agent that runs many vehicles runs each id once.
        Command command =
            args.command(
                UUID.nameUUIDFromBytes(
                    (args.requestId() + "/" + v).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                clock.instant());
        publisher.downlink(
            fleetId,
            new DownlinkMessage(
                Topics.command(new DeviceAddress(fleetId, v)), codec.encode(command), false));
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new HttpStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not take the commands; retry: " + e);
    }
    return HttpResponse.accepted()
        .body(new Accepted(args.requestId().toString(), args.count(), args.spacingS(), targets));
  }
}
