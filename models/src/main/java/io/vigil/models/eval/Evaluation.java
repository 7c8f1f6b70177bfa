package io.vigil.models.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.inference.decision.EventDecoder;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.onnx.OnnxWindowModel;
import io.vigil.models.dataset.Condition;
import io.vigil.models.dataset.SimulatedTrip;
import io.vigil.models.dataset.WindowClass;
import io.vigil.simulator.scenario.FleetPlan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Evaluates the shipped (int8) model on a test scenario it never trained on, once per {@link
 * Condition}: window-level confusion, event-level precision/recall/F1 with the agent's decoder,
 * false alarms per hour of normal driving and per 100 hard negatives, anomaly-score separation of
 * sensor faults, and int8–FP32 agreement. Produces the numbers as JSON.
 */
public final class Evaluation {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Condition, ConditionTally> tallies = new EnumMap<>(Condition.class);

  private Evaluation() {}

  public static Evaluation run(
      List<FleetPlan.Vehicle> vehicles,
      List<Condition> conditions,
      InputSpec spec,
      OnnxWindowModel int8,
      OnnxWindowModel fp32,
      EventDecoder decoder,
      float anomalyThreshold,
      int threads,
      PrintStream progress) {
    Evaluation e = new Evaluation();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (Condition c : conditions) {
        long started = System.nanoTime();
        ConditionTally total = new ConditionTally();
        List<Future<?>> futures = new ArrayList<>();
        for (FleetPlan.Vehicle v : vehicles) {
          futures.add(
              pool.submit(
                  () ->
                      total.add(
                          TripScorer.score(
                              SimulatedTrip.run(v, c, 0, spec),
                              int8,
                              fp32,
                              decoder,
                              anomalyThreshold))));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        e.tallies.put(c, total);
        progress.printf(
            "  test %-15s %d vehicles, %,d windows, event macro-F1 %.4f, %.0f s%n",
            c.wireName(),
            vehicles.size(),
            total.windows,
            e.macroF1(c),
            (System.nanoTime() - started) / 1e9);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("evaluation interrupted", ex);
    } catch (java.util.concurrent.ExecutionException ex) {
      throw new IllegalStateException("evaluation failed: " + ex.getCause(), ex.getCause());
    } finally {
      pool.shutdownNow();
    }
    return e;
  }

  /** Event-level macro-F1 over the harsh classes (all but "normal"). */
  public double macroF1(Condition c) {
    ConditionTally t = tallies.get(c);
    double sum = 0;
    for (int k = 1; k < t.k; k++) {
      sum += f1(t, k);
    }
    return sum / (t.k - 1);
  }

  public double collisionRecall(Condition c) {
    int k = WindowClass.COLLISION.ordinal();
    ConditionTally t = tallies.get(c);
    return t.eventTruth[k] == 0 ? Double.NaN : (double) t.eventTruePositive[k] / t.eventTruth[k];
  }

  public double falseAlarmsPerHour(Condition c) {
    ConditionTally t = tallies.get(c);
    return t.falseAlarms / t.normalHours;
  }

  public double falseCollisionsPer100Bumps(Condition c) {
    ConditionTally t = tallies.get(c);
    return t.bumps == 0 ? Double.NaN : 100.0 * t.falseCollisionsOnBumps / t.bumps;
  }

  public double agreement(Condition c) {
    ConditionTally t = tallies.get(c);
    return (double) t.windowsAgreeing / t.windows;
  }

  private static double precision(ConditionTally t, int k) {
    return t.eventPredicted[k] == 0 ? 0 : (double) t.eventTruePositive[k] / t.eventPredicted[k];
  }

  private static double recall(ConditionTally t, int k) {
    return t.eventTruth[k] == 0 ? 0 : (double) t.eventTruePositive[k] / t.eventTruth[k];
  }

  private static double f1(ConditionTally t, int k) {
    double p = precision(t, k);
    double r = recall(t, k);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** All numbers, per condition. */
  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    for (Map.Entry<Condition, ConditionTally> e : tallies.entrySet()) {
      ConditionTally t = e.getValue();
      Condition c = e.getKey();
      ObjectNode n = root.putObject(c.wireName());
      n.put("hours", round(t.hours));
      n.put("windows", t.windows);
      n.put("eventMacroF1", round(macroF1(c)));
      n.put("collisionRecall", round(collisionRecall(c)));
      n.put("falseAlarmsPerHourOfNormalDriving", round(falseAlarmsPerHour(c)));
      n.put("normalDrivingHours", round(t.normalHours));
      n.put("falseAlarms", t.falseAlarms);
      ObjectNode byClass = n.putObject("falseAlarmsByClass");
      for (int k = 1; k < t.k; k++) {
        byClass.put(WindowClass.values()[k].wireName(), t.falseAlarmsByClass[k]);
      }
      ObjectNode context = n.putObject("falseAlarmsDuring");
      t.falseAlarmContext.forEach(context::put);
      n.put("hardNegatives", t.hardNegatives);
      n.put(
          "falseEventsPer100HardNegatives",
          round(
              t.hardNegatives == 0
                  ? Double.NaN
                  : 100.0 * t.hardNegativeFalseEvents / t.hardNegatives));
      n.put("potholesAndSpeedBumps", t.bumps);
      n.put("falseCollisionsPer100PotholesAndSpeedBumps", round(falseCollisionsPer100Bumps(c)));
      n.put("int8Fp32Agreement", round(agreement(c)));
      ObjectNode anomaly = n.putObject("anomaly");
      anomaly.put("sensorFaultWindows", t.faultWindows);
      anomaly.put(
          "sensorFaultWindowsFlagged",
          round(
              t.faultWindows == 0 ? Double.NaN : (double) t.faultWindowsFlagged / t.faultWindows));
      anomaly.put("normalWindows", t.normalWindows);
      anomaly.put(
          "normalWindowsFlagged",
          round(
              t.normalWindows == 0
                  ? Double.NaN
                  : (double) t.normalWindowsFlagged / t.normalWindows));
      ArrayNode hn = anomaly.putArray("histogramNormal");
      ArrayNode hf = anomaly.putArray("histogramSensorFault");
      for (int i = 0; i < t.anomalyHistogramNormal.length; i++) {
        hn.add(t.anomalyHistogramNormal[i]);
        hf.add(t.anomalyHistogramFault[i]);
      }
      ObjectNode classes = n.putObject("eventLevel");
      ObjectNode windowLevel = n.putObject("windowLevel");
      ArrayNode confusion = n.putArray("windowConfusion");
      for (int k = 0; k < t.k; k++) {
        String name = WindowClass.values()[k].wireName();
        if (k > 0) {
          ObjectNode cn = classes.putObject(name);
          cn.put("truth", t.eventTruth[k]);
          cn.put("predicted", t.eventPredicted[k]);
          cn.put("truePositives", t.eventTruePositive[k]);
          cn.put("precision", round(precision(t, k)));
          cn.put("recall", round(recall(t, k)));
          cn.put("f1", round(f1(t, k)));
        }
        long tp = t.windowConfusion[k][k];
        long truth = 0;
        long predicted = 0;
        ArrayNode row = confusion.addArray();
        for (int j = 0; j < t.k; j++) {
          truth += t.windowConfusion[k][j];
          predicted += t.windowConfusion[j][k];
          row.add(t.windowConfusion[k][j]);
        }
        double p = predicted == 0 ? 0 : (double) tp / predicted;
        double r = truth == 0 ? 0 : (double) tp / truth;
        ObjectNode wn = windowLevel.putObject(name);
        wn.put("windows", truth);
        wn.put("precision", round(p));
        wn.put("recall", round(r));
        wn.put("f1", round(p + r == 0 ? 0 : 2 * p * r / (p + r)));
      }
    }
    return root;
  }

  private static double round(double v) {
    return Double.isNaN(v) ? Double.NaN : Math.round(v * 1e4) / 1e4;
  }
}
