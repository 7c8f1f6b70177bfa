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
 *
 * <p>False alarms are a few counted events in a few dozen hours (1.0.0: 8 to 12 in 58 h), so two
 * models of the same quality differ by several of them by chance, more than the tolerance's 0.1 per
 * hour: 1.0.0's own recipe retrained with other seeds has about twice its false alarms, and a gate
 * on the plain difference would refuse it. The false-alarm check therefore refuses only on
 * evidence: the candidate fails when its rate exceeds the parent's by more than the tolerance plus
 * {@code z} standard errors of the difference of two Poisson counts, {@code z·√(parent count +
 * candidate count) / hours}. {@code z} is one-sided at the tolerance's familywise {@code
 * falseAlarmAlpha}, split over the conditions (Bonferroni): 2.241 for 5 % over four. Whatever the
 * noise, the candidate must also meet the release target of {@code maxFalseAlarmsPerHour} under
 * every condition.
 */
public final class RetrainGate {

  private RetrainGate() {}

  /** One condition's test-split figures, as in a package report's {@code test} section. */
  /**
   * @param falseAlarms the count behind {@code falseAlarmsPerHour}; with {@code normalHours} it
   *     sizes the counting noise (0 and 0 when a report lacks them: no noise allowance)
   * @param normalHours hours of normal driving the false alarms were counted in
   */
  public record Metrics(
      double eventMacroF1,
      double collisionRecall,
      double falseAlarmsPerHour,
      double falseCollisionsPer100Bumps,
      long falseAlarms,
      double normalHours) {

    /** Figures without the counts behind the false-alarm rate. */
    public Metrics(
        double eventMacroF1,
        double collisionRecall,
        double falseAlarmsPerHour,
        double falseCollisionsPer100Bumps) {
      this(eventMacroF1, collisionRecall, falseAlarmsPerHour, falseCollisionsPer100Bumps, 0, 0);
    }

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
                              .asDouble(),
                          e.getValue().path("falseAlarms").asLong(),
                          e.getValue().path("normalDrivingHours").asDouble())));
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

  /**
   * How much worse than the parent the candidate may be on the simulated test split.
   *
   * @param falseAlarmAlpha chance, over all conditions together, that a candidate no worse than the
   *     parent beyond {@code falseAlarmsPerHour} fails a false-alarm check by counting noise alone;
   *     0 judges the plain difference
   * @param maxFalseAlarmsPerHour false alarms per hour no candidate may exceed under any condition
   */
  public record Tolerance(
      double eventMacroF1,
      double collisionRecall,
      double falseAlarmsPerHour,
      double falseCollisionsPer100Bumps,
      double falseAlarmAlpha,
      double maxFalseAlarmsPerHour) {
    /**
     * 0.02 in F1 and recall, 0.1 false alarms per hour beyond counting noise at a familywise 5 %
     * and at most 0.5 per hour (the release target), 0.5 false collisions per 100 bumps.
     */
    public static Tolerance defaults() {
      return new Tolerance(0.02, 0.02, 0.1, 0.5, 0.05, 0.5);
    }

    /** Standard errors allowed in each of {@code conditions} false-alarm checks. */
    double falseAlarmZ(int conditions) {
      return falseAlarmAlpha > 0
          ? StandardNormal.quantile(1 - falseAlarmAlpha / Math.max(1, conditions))
          : 0;
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
    double z = tol.falseAlarmZ(parent.size());
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
          checks.add(falseAlarms(condition, p, c, tol, z));
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

  private static Check falseAlarms(
      String condition, Metrics p, Metrics c, Tolerance tol, double z) {
    double hours = Math.min(p.normalHours(), c.normalHours());
    double noise = hours > 0 ? z * Math.sqrt(p.falseAlarms() + c.falseAlarms()) / hours : 0;
    double limit = p.falseAlarmsPerHour() + tol.falseAlarmsPerHour() + noise;
    String rule =
        (noise > 0
                ? String.format(
                    "≤ parent + %s + %.3f·√(%d + %d)/%.1f h = %.3f",
                    tol.falseAlarmsPerHour(), z, p.falseAlarms(), c.falseAlarms(), hours, limit)
                : String.format("≤ parent + %s", tol.falseAlarmsPerHour()))
            + String.format(", and ≤ %s", tol.maxFalseAlarmsPerHour());
    return new Check(
        condition + ": false alarms per hour",
        p.falseAlarmsPerHour(),
        c.falseAlarmsPerHour(),
        rule,
        c.falseAlarmsPerHour() <= limit + 1e-12
            && c.falseAlarmsPerHour() <= tol.maxFalseAlarmsPerHour() + 1e-12);
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
