package io.vigil.models.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a retrained candidate may replace its parent, as a pure function of both models' figures:
 * (a) on the fixed simulated test split, under every mounting condition, the candidate may not be
 * worse than the parent beyond a tolerance (event-level macro-F1, collision recall, false alarms
 * per hour of normal driving, false collisions per 100 potholes and speed bumps); (b) on the
 * held-out slice of reviewed real data, the candidate must make fewer errors (missed reviewed
 * events plus false events) than the parent. Both must hold.
 */
public final class RetrainGate {

  private RetrainGate() {}

  /** One condition's test-split figures, as in a package report's {@code test} section. */
  public record Metrics(
      double eventMacroF1,
      double collisionRecall,
      double falseAlarmsPerHour,
      double falseCollisionsPer100Bumps) {

    /** Every condition of a report's {@code test} section. */
    public static Map<String, Metrics> fromReport(JsonNode report) {
      Map<String, Metrics> out = new LinkedHashMap<>();
      report
          .path("test")
          .fields()
          .forEachRemaining(
              e ->
                  out.put(
                      e.getKey(),
                      new Metrics(
                          e.getValue().path("eventMacroF1").asDouble(),
                          e.getValue().path("collisionRecall").asDouble(),
                          e.getValue().path("falseAlarmsPerHourOfNormalDriving").asDouble(),
                          e.getValue()
                              .path("falseCollisionsPer100PotholesAndSpeedBumps")
                              .asDouble())));
      return out;
    }
  }

  /**
   * A model on the held-out reviewed slice.
   *
   * @param samples reviewed snippets in the slice
   * @param events events the reviews say happened (confirmed or relabelled)
   * @param detected those the model found with the reviewed type
   * @param falseEvents events the model reported that the reviews do not back (dismissed snippets
   *     included)
   */
  public record HeldOut(long samples, long events, long detected, long falseEvents) {
    /** Missed events plus false events. */
    public long errors() {
      return (events - detected) + falseEvents;
    }
  }

  /** How much worse than the parent the candidate may be on the simulated test split. */
  public record Tolerance(
      double eventMacroF1,
      double collisionRecall,
      double falseAlarmsPerHour,
      double falseCollisionsPer100Bumps) {
    /** 0.02 in F1 and recall, 0.1 false alarms per hour, 0.5 false collisions per 100 bumps. */
    public static Tolerance defaults() {
      return new Tolerance(0.02, 0.02, 0.1, 0.5);
    }
  }

  /** One comparison of the gate. */
  public record Check(String name, double parent, double candidate, String rule, boolean passed) {}

  /** The gate's answer, with every comparison it made. */
  public record Decision(boolean passed, List<Check> checks) {
    public Decision {
      checks = List.copyOf(checks);
    }
  }

  /** Decides; a condition the candidate was not evaluated under fails the gate. */
  public static Decision decide(
      Map<String, Metrics> parent,
      Map<String, Metrics> candidate,
      HeldOut parentHeldOut,
      HeldOut candidateHeldOut,
      Tolerance tol) {
    List<Check> checks = new ArrayList<>();
    parent.forEach(
        (condition, p) -> {
          Metrics c = candidate.get(condition);
          if (c == null) {
            checks.add(new Check(condition + ": evaluated", 1, 0, "present", false));
            return;
          }
          checks.add(
              atLeast(
                  condition + ": event macro-F1",
                  p.eventMacroF1(),
                  c.eventMacroF1(),
                  tol.eventMacroF1()));
          checks.add(
              atLeast(
                  condition + ": collision recall",
                  p.collisionRecall(),
                  c.collisionRecall(),
                  tol.collisionRecall()));
          checks.add(
              atMost(
                  condition + ": false alarms per hour",
                  p.falseAlarmsPerHour(),
                  c.falseAlarmsPerHour(),
                  tol.falseAlarmsPerHour()));
          checks.add(
              atMost(
                  condition + ": false collisions per 100 bumps",
                  p.falseCollisionsPer100Bumps(),
                  c.falseCollisionsPer100Bumps(),
                  tol.falseCollisionsPer100Bumps()));
        });
    if (parent.isEmpty()) {
      checks.add(new Check("simulated test split: the parent's figures", 0, 0, "present", false));
    }
    boolean judged = parentHeldOut.samples() > 0;
    checks.add(
        new Check(
            "held-out reviewed data: errors (missed + false events)",
            parentHeldOut.errors(),
            candidateHeldOut.errors(),
            judged ? "fewer than the parent's" : "needs held-out reviewed samples",
            judged && candidateHeldOut.errors() < parentHeldOut.errors()));
    return new Decision(checks.stream().allMatch(Check::passed), checks);
  }

  private static Check atLeast(String name, double parent, double candidate, double tolerance) {
    return new Check(
        name,
        parent,
        candidate,
        String.format("≥ parent − %s", tolerance),
        candidate >= parent - tolerance - 1e-12);
  }

  private static Check atMost(String name, double parent, double candidate, double tolerance) {
    return new Check(
        name,
        parent,
        candidate,
        String.format("≤ parent + %s", tolerance),
        candidate <= parent + tolerance + 1e-12);
  }
}
