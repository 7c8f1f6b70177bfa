package io.vigil.cloud.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * An admin's order for a fleet's rollout, as the API writes it to Kafka.
 *
 * @param commandId unique id, so the API can tell when it was applied
 * @param action what to do
 * @param model model name (start only)
 * @param version candidate version (start only)
 * @param stage the stage to start in, shadow or canary (start only)
 * @param percent share of the fleet's vehicles in the cohort, 1..100 % (start only)
 * @param by the admin
 * @param reason why, free text (may be empty)
 * @param issuedAt when the API took it
 */
public record RolloutCommand(
    String commandId,
    Action action,
    String model,
    String version,
    RolloutStage stage,
    int percent,
    String by,
    String reason,
    Instant issuedAt) {

  public RolloutCommand {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(issuedAt, "issuedAt");
    reason = reason == null ? "" : reason;
  }

  /** What an admin can do to a rollout. */
  public enum Action {
    /** Start rolling a candidate out to a cohort, in shadow or as canary. */
    START,
    /** Shadow to canary, or canary to the whole fleet. */
    PROMOTE,
    /** Hold the rollout where it is: no promotion, no automatic judgement. */
    PAUSE,
    /** Continue a paused rollout. */
    RESUME,
    /** Take the candidate back from the cohort (or the fleet). */
    ROLLBACK
  }
}
