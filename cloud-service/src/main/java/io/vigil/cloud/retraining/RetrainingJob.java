package io.vigil.cloud.retraining;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A retraining job as the compacted {@code vigil.retraining} topic keeps it (by {@link #jobId}):
 * what an admin asked for, and what the trainer reports as it goes, up to its outcome. Retraining
 * starts from {@code parentVersion}'s data plus the reviewed samples exported when the job runs,
 * and publishes {@code candidateVersion} only if it passes the gate ({@code vigil-models retrain}).
 *
 * @param jobId the job's id
 * @param model model name
 * @param parentVersion the registered version retrained from
 * @param candidateVersion the version the candidate gets
 * @param fleetId only this fleet's reviewed samples, or null for every fleet's
 * @param reason why, free text (a drift suggestion's, for example)
 * @param requestedBy the admin who asked
 * @param requestedAt when
 * @param state where the job stands
 * @param step what the trainer does now, for people
 * @param progress share done, 0..1
 * @param log the trainer's last output lines
 * @param startedAt when the trainer took it, null before
 * @param finishedAt when it ended, null before
 * @param outcome how it ended, for people; null before
 * @param reviewedSamples reviewed samples exported for it, null before the export
 * @param gate the gate's comparison (gate.json), null before the gate
 */
public record RetrainingJob(
    String jobId,
    String model,
    String parentVersion,
    String candidateVersion,
    String fleetId,
    String reason,
    String requestedBy,
    Instant requestedAt,
    RetrainingState state,
    String step,
    double progress,
    List<String> log,
    Instant startedAt,
    Instant finishedAt,
    String outcome,
    Long reviewedSamples,
    JsonNode gate) {

  /** Output lines a job keeps. */
  public static final int LOG_LINES = 30;

  public RetrainingJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(parentVersion, "parentVersion");
    Objects.requireNonNull(candidateVersion, "candidateVersion");
    Objects.requireNonNull(state, "state");
    log = log == null ? List.of() : List.copyOf(log);
  }

  /** A new job, as an admin asks for it. */
  public static RetrainingJob requested(
      String jobId,
      String model,
      String parentVersion,
      String candidateVersion,
      String fleetId,
      String reason,
      String by,
      Instant at) {
    return new RetrainingJob(
        jobId,
        model,
        parentVersion,
        candidateVersion,
        fleetId,
        reason,
        by,
        at,
        RetrainingState.REQUESTED,
        "waiting for the trainer",
        0,
        List.of(),
        null,
        null,
        null,
        null,
        null);
  }

  /** The job at another step. */
  public RetrainingJob at(String step, double progress, Instant now) {
    return progressed(
        RetrainingState.RUNNING,
        step,
        Math.max(this.progress, progress),
        log,
        startedAt == null ? now : startedAt,
        null,
        null,
        reviewedSamples,
        gate);
  }

  /** The job with the trainer's newest output line. */
  public RetrainingJob logging(String line) {
    List<String> l = new ArrayList<>(log);
    l.add(line.length() > 300 ? line.substring(0, 300) + "…" : line);
    while (l.size() > LOG_LINES) {
      l.remove(0);
    }
    return progressed(
        state, step, progress, l, startedAt, finishedAt, outcome, reviewedSamples, gate);
  }

  /** The job once its samples are exported. */
  public RetrainingJob withSamples(long reviewed) {
    return progressed(state, step, progress, log, startedAt, finishedAt, outcome, reviewed, gate);
  }

  /** The job ended. */
  public RetrainingJob ended(RetrainingState end, String outcome, JsonNode gate, Instant now) {
    if (end.live()) {
      throw new IllegalArgumentException(end + " is not an end");
    }
    boolean failed = end == RetrainingState.FAILED;
    return progressed(
        end,
        failed ? step : "done",
        failed ? progress : 1,
        log,
        startedAt,
        now,
        outcome,
        reviewedSamples,
        gate);
  }

  /** The same request, with what the trainer reports about it. */
  private RetrainingJob progressed(
      RetrainingState state,
      String step,
      double progress,
      List<String> log,
      Instant startedAt,
      Instant finishedAt,
      String outcome,
      Long reviewedSamples,
      JsonNode gate) {
    return new RetrainingJob(
        jobId,
        model,
        parentVersion,
        candidateVersion,
        fleetId,
        reason,
        requestedBy,
        requestedAt,
        state,
        step,
        progress,
        log,
        startedAt,
        finishedAt,
        outcome,
        reviewedSamples,
        gate);
  }
}
