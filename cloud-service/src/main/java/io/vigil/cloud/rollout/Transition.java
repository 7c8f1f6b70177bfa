package io.vigil.cloud.rollout;

import java.time.Instant;

/**
 * One step of a rollout's history.
 *
 * @param stage the stage after the step
 * @param paused whether the rollout was paused after it
 * @param at when, by the clock of whoever took the step (the API's, or the device time of the
 *     observation that tripped a bound)
 * @param by the user, or {@code vigil} for an automatic step
 * @param reason why
 */
public record Transition(
    RolloutStage stage, boolean paused, Instant at, String by, String reason) {}
