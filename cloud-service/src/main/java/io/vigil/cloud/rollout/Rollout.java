package io.vigil.cloud.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fleet's rollout of one candidate model: its stage, its cohort's and control group's tallies,
 * and its history. One per fleet; a new rollout replaces a finished one.
 *
 * @param fleetId the fleet
 * @param rolloutId unique id of this rollout
 * @param model model name
 * @param candidate version rolled out
 * @param baseline the version the fleet ran before (what the control group runs and a rollback
 *     returns to), null if the fleet's vehicles had not reported one
 * @param stage where it stands
 * @param paused whether it is paused (not promoted, not judged) until resumed
 * @param percent share of the fleet's known vehicles in the cohort, %
 * @param canary the cohort's tally
 * @param control the control group's tally
 * @param shadow the shadow comparison, during the shadow stage
 * @param startedAt when it started
 * @param updatedAt when it last changed stage or pause
 * @param lastCommandId id of the last command applied or refused
 * @param lastRefusal why the last refused command was refused, null if none
 * @param history its steps, oldest first (at most {@value #MAX_HISTORY})
 */
public record Rollout(
    String fleetId,
    String rolloutId,
    String model,
    String candidate,
    String baseline,
    RolloutStage stage,
    boolean paused,
    int percent,
    CohortTally canary,
    CohortTally control,
    ShadowTally shadow,
    Instant startedAt,
    Instant updatedAt,
    String lastCommandId,
    String lastRefusal,
    List<Transition> history) {

  static final int MAX_HISTORY = 50;

  public Rollout {
    Objects.requireNonNull(fleetId, "fleetId");
    Objects.requireNonNull(rolloutId, "rolloutId");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(stage, "stage");
    history = List.copyOf(history);
  }

  /** The same rollout, moved to {@code next} (or paused or resumed) for {@code reason}. */
  Rollout step(RolloutStage next, boolean pause, Instant at, String by, String reason) {
    List<Transition> h = new ArrayList<>(history);
    h.add(new Transition(next, pause, at, by, reason));
    if (h.size() > MAX_HISTORY) {
      h = h.subList(h.size() - MAX_HISTORY, h.size());
    }
    return new Rollout(
        fleetId,
        rolloutId,
        model,
        candidate,
        baseline,
        next,
        pause,
        percent,
        canary,
        control,
        shadow,
        startedAt,
        at,
        lastCommandId,
        null,
        h);
  }

  Rollout withTallies(CohortTally canary, CohortTally control, ShadowTally shadow) {
    return new Rollout(
        fleetId,
        rolloutId,
        model,
        candidate,
        baseline,
        stage,
        paused,
        percent,
        canary,
        control,
        shadow,
        startedAt,
        updatedAt,
        lastCommandId,
        lastRefusal,
        history);
  }

  /** The same rollout, having answered the command {@code commandId} (if refused: why). */
  public Rollout answering(String commandId, String refusal) {
    return new Rollout(
        fleetId, rolloutId, model, candidate, baseline, stage, paused, percent, canary, control,
        shadow, startedAt, updatedAt, commandId, refusal, history);
  }
}
