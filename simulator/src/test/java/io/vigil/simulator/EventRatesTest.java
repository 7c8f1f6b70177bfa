package io.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.simulator.drive.DriverPersona;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Over many hours, each labelled kind happens at the scenario's rate. */
class EventRatesTest {

  @Test
  void longRunRatesMatchTheScenarioWithinPoissonTolerance() {
    double hours = 40;
    Map<LabelKind, Integer> counts = new EnumMap<>(LabelKind.class);
    for (int trip = 0; trip < 20; trip++) {
      TripSettings settings = TripSettings.typical(1000 + trip, hours / 20 * 3600);
      for (Label l : new TripSimulator(settings).run(SampleSink.discarding()).labels()) {
        counts.merge(l.kind(), 1, Integer::sum);
      }
    }
    for (LabelKind kind : LabelKind.values()) {
      var rates = TripSettings.typical(0, 1).rates();
      double expected = rates.rate(kind, DriverPersona.NORMAL) * hours;
      if (kind == LabelKind.GENTLE_CORNERING) {
        expected += rates.stopsPerHour() / 2 * hours; // half the intersection stops end in a turn
      }
      if (expected < 30) {
        continue;
      }
      int seen = counts.getOrDefault(kind, 0);
      // Poisson spread (5σ) plus up to 15 % lost to waiting for the speed an event needs.
      assertThat((double) seen)
          .as("%s per %s h (expected %.0f)", kind, hours, expected)
          .isBetween(0.85 * expected - 5 * Math.sqrt(expected), expected + 5 * Math.sqrt(expected));
    }
  }
}
