package io.vigil.simulator.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.simulator.drive.Label;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each labelled sensor fault does to the samples what its label says. */
class SensorFaultTest {

  private static final double G = 9.80665;

  @Test
  void faultsChangeTheSamplesInsideTheirLabelsOnly() {
    SensorFaultInjector faults = new SensorFaultInjector(120, 16, new SplittableRandom(3));
    SplittableRandom noise = new SplittableRandom(4);
    List<double[]> out = new ArrayList<>(); // t, ax, ay, az, or NaN row if lost
    double rate = 50;
    for (int i = 0; i < 3600 * 50 / 4; i++) {
      double t = i / rate;
      ImuSample clean =
          new ImuSample(
              (long) (t * 1e9),
              0.1 * noise.nextDouble(),
              0.1 * noise.nextDouble(),
              G + 0.1 * noise.nextDouble(),
              0,
              0,
              0);
      ImuSample seen = faults.apply(t, clean);
      out.add(
          seen == null
              ? new double[] {t, Double.NaN, Double.NaN, Double.NaN}
              : new double[] {t, seen.ax(), seen.ay(), seen.az()});
    }
    List<Label> labels = faults.labels(3600.0 / 4);
    assertThat(labels).hasSizeGreaterThan(10);
    assertThat(labels.stream().map(l -> l.direction().orElseThrow()).distinct())
        .containsExactlyInAnyOrder("stuck", "spikes", "dropout", "saturation");

    for (Label l : labels) {
      List<double[]> inside =
          out.stream().filter(r -> r[0] >= l.startS() + 0.05 && r[0] < l.endS() - 0.05).toList();
      assertThat(l.endS() - l.startS()).isBetween(0.9, 8.1);
      switch (l.direction().orElseThrow()) {
        case "dropout" -> assertThat(inside).allMatch(r -> Double.isNaN(r[1]));
        case "saturation" ->
            assertThat(inside)
                .allMatch(
                    r ->
                        Math.abs(r[1]) == 16 * G
                            || Math.abs(r[2]) == 16 * G
                            || Math.abs(r[3]) == 16 * G);
        case "stuck" ->
            assertThat(inside.stream().map(r -> r[1] + "," + r[2] + "," + r[3]).distinct().count())
                .as("one axis frozen, the others noisy")
                .isGreaterThan(1);
        case "spikes" ->
            assertThat(inside)
                .anyMatch(
                    r ->
                        Math.abs(r[1]) > 2 * G
                            || Math.abs(r[2]) > 2 * G
                            || Math.abs(r[3] - G) > 2 * G);
        default -> throw new AssertionError(l);
      }
    }
    // Outside every fault the samples are untouched.
    for (double[] r : out) {
      boolean inAny = labels.stream().anyMatch(l -> r[0] >= l.startS() && r[0] <= l.endS());
      if (!inAny) {
        assertThat(r[3]).isBetween(G, G + 0.1);
      }
    }
  }

  @Test
  void aStuckAxisRepeatsOneValue() {
    SensorFaultInjector faults = new SensorFaultInjector(600, 16, new SplittableRandom(11));
    SplittableRandom noise = new SplittableRandom(5);
    List<ImuSample> seen = new ArrayList<>();
    for (int i = 0; i < 50 * 600; i++) {
      double t = i / 50.0;
      seen.add(
          faults.apply(
              t,
              new ImuSample(
                  (long) (t * 1e9),
                  noise.nextDouble(),
                  noise.nextDouble(),
                  noise.nextDouble(),
                  0,
                  0,
                  0)));
    }
    Label stuck =
        faults.labels(600).stream()
            .filter(l -> l.direction().orElseThrow().equals("stuck"))
            .findFirst()
            .orElseThrow();
    List<ImuSample> inside =
        seen.stream()
            .filter(
                s ->
                    s != null
                        && s.tNs() / 1e9 > stuck.startS() + 0.05
                        && s.tNs() / 1e9 < stuck.endS() - 0.05)
            .toList();
    long distinctX = inside.stream().mapToDouble(ImuSample::ax).distinct().count();
    long distinctY = inside.stream().mapToDouble(ImuSample::ay).distinct().count();
    long distinctZ = inside.stream().mapToDouble(ImuSample::az).distinct().count();
    assertThat(Math.min(distinctX, Math.min(distinctY, distinctZ))).isEqualTo(1);
  }
}
