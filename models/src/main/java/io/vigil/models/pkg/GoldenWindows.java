package io.vigil.models.pkg;

import io.vigil.inference.input.InputSpec;
import io.vigil.inference.onnx.OnnxWindowModel;
import io.vigil.inference.pkg.GoldenSet;
import io.vigil.models.dataset.Condition;
import io.vigil.models.dataset.LabelledTrip;
import io.vigil.models.dataset.SimulatedTrip;
import io.vigil.models.dataset.WindowClass;
import io.vigil.models.dataset.WindowLabel;
import io.vigil.simulator.scenario.FleetPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the golden self-test of a package: for each class the first window of the test scenario
 * that truly shows it (as many as {@value #MAX_VEHICLES} vehicles provide), with the outputs of the
 * package's own int8 model. Real windows, not noise: a platform that computes a feature or a fused
 * kernel differently moves their probabilities where it matters.
 */
public final class GoldenWindows {

  static final int MAX_VEHICLES = 6;

  private GoldenWindows() {}

  public static GoldenSet build(
      List<FleetPlan.Vehicle> testVehicles, OnnxWindowModel model, InputSpec spec) {
    int floats = spec.windowFloats();
    List<float[]> picked = new ArrayList<>();
    boolean[] have = new boolean[WindowClass.count()];
    for (FleetPlan.Vehicle v :
        testVehicles.subList(0, Math.min(MAX_VEHICLES, testVehicles.size()))) {
      LabelledTrip trip = SimulatedTrip.run(v, Condition.CALIBRATED, 0, spec);
      for (int i = 0; i < trip.windows().count(); i++) {
        double end = trip.windows().endNs(i) / 1e9;
        int c = WindowLabel.of(trip.labels(), end - spec.windowS(), end).classIndex();
        if (c >= 0 && !have[c]) {
          have[c] = true;
          float[] w = new float[floats];
          System.arraycopy(trip.windows().data(), i * floats, w, 0, floats);
          picked.add(w);
        }
      }
    }
    if (picked.isEmpty()) {
      throw new IllegalStateException("the test scenario has no labelled windows for a self-test");
    }
    int n = picked.size();
    float[] windows = new float[n * floats];
    for (int i = 0; i < n; i++) {
      System.arraycopy(picked.get(i), 0, windows, i * floats, floats);
    }
    float[] probabilities = new float[n * model.classes()];
    float[] anomaly = new float[n];
    model.run(windows, n, probabilities, anomaly);
    return new GoldenSet(n, windows, probabilities, anomaly);
  }
}
