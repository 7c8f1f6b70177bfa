package io.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.simulator.drive.EventRates;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import io.vigil.simulator.sensor.ImuSample;
import io.vigil.simulator.sensor.ImuSettings;
import io.vigil.simulator.sensor.Mounting;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulated signals obey the physics they claim to. */
class TripPhysicsTest {

  private static final double G = 9.80665;
  private static final Set<LabelKind> IMPULSIVE =
      EnumSet.of(LabelKind.COLLISION, LabelKind.DOOR_SLAM);

  private static TruthRecorder simulate(TripSettings settings, SampleSink sink) {
    TruthRecorder truth = new TruthRecorder();
    new TripSimulator(settings).run(sink, truth);
    return truth;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void atRestTheAccelerometerReadsOneGInAnyMounting(long seed) {
    Mounting mounting = Mounting.random(new SplittableRandom(seed), 5);
    // Frequent stops, so that every seed has time at rest.
    io.vigil.simulator.drive.EventRates typical = io.vigil.simulator.drive.EventRates.typical();
    TripSettings settings =
        TripSettings.typical(seed, 600)
            .withMounting(mounting)
            .withRates(new io.vigil.simulator.drive.EventRates(typical.perHour(), 60));
    SampleCollector samples = new SampleCollector();
    TruthRecorder truth = simulate(settings, samples);

    double sum = 0;
    int n = 0;
    int j = 0;
    for (ImuSample s : samples.imu) {
      while (j < truth.steps.size() - 1 && truth.steps.get(j).tS() * 1e9 < s.tNs() - 1e7) {
        j++;
      }
      if (truth.steps.get(j).speed() == 0 && truth.steps.get(j).accel()[2] == G) {
        sum += Math.sqrt(s.ax() * s.ax() + s.ay() * s.ay() + s.az() * s.az());
        n++;
      }
    }
    assertThat(n).as("samples at rest").isGreaterThan(50);
    // Noise, 1% scale error and ~0.05 m/s² bias allow a little over 1 % of g.
    assertThat(sum / n).isCloseTo(G, within(0.2));
  }

  @Test
  void integratingLongitudinalAccelerationReproducesTheSpeedTrace() {
    TruthRecorder truth = simulate(TripSettings.typical(11, 1800), SampleSink.discarding());
    double dt = 1.0 / 50;
    double integrated = 0;
    double worst = 0;
    for (TruthRecorder.Step s : truth.steps) {
      integrated += s.accel()[0] * dt;
      worst = Math.max(worst, Math.abs(integrated - s.speed()));
    }
    assertThat(truth.steps.stream().mapToDouble(TruthRecorder.Step::speed).max().orElse(0))
        .as("the vehicle moved")
        .isGreaterThan(10);
    assertThat(worst).isLessThan(1e-6);
  }

  @Test
  void lateralAccelerationIsSpeedTimesYawRateOutsideImpacts() {
    TripSettings settings = TripSettings.typical(12, 1800);
    Trip trip = new TripSimulator(settings).run(SampleSink.discarding());
    TruthRecorder truth = simulate(settings, SampleSink.discarding());
    double maxLateral = 0;
    for (TruthRecorder.Step s : truth.steps) {
      if (insideImpulse(trip.labels(), s.tS())) {
        continue;
      }
      assertThat(s.accel()[1]).isCloseTo(s.speed() * s.gyro()[2], within(1e-9));
      maxLateral = Math.max(maxLateral, Math.abs(s.accel()[1]));
    }
    assertThat(maxLateral).as("there were curves").isGreaterThan(1.0);
  }

  @Test
  void deviceSamplesRotatedBackEqualTheVehicleFrameSignal() {
    Mounting mounting = new Mounting(Math.toRadians(137), Math.toRadians(4), Math.toRadians(-6));
    java.util.Map<LabelKind, Double> noFaults =
        new java.util.EnumMap<>(io.vigil.simulator.drive.EventRates.typical().perHour());
    noFaults.put(LabelKind.SENSOR_FAULT, 0.0);
    TripSettings settings =
        TripSettings.typical(13, 300)
            .withImu(ImuSettings.ideal(50))
            .withMounting(mounting)
            .withRates(new io.vigil.simulator.drive.EventRates(noFaults, 20));
    SampleCollector samples = new SampleCollector();
    TruthRecorder truth = simulate(settings, samples);
    double[][] r = mounting.deviceToVehicle();
    double[] back = new double[3];

    assertThat(samples.imu).hasSize(truth.steps.size());
    for (int i = 0; i < samples.imu.size(); i++) {
      ImuSample s = samples.imu.get(i);
      Mounting.toVehicle(r, new double[] {s.ax(), s.ay(), s.az()}, back);
      assertThat(back).containsExactly(truth.steps.get(i).accel(), within(1e-9));
      Mounting.toVehicle(r, new double[] {s.gx(), s.gy(), s.gz()}, back);
      assertThat(back).containsExactly(truth.steps.get(i).gyro(), within(1e-9));
    }
  }

  @Test
  void labelledPeaksMatchTheSignalAndSitOnTheRightSideOfTheThresholds() {
    TripSettings settings = TripSettings.typical(14, 4 * 3600);
    Trip trip = new TripSimulator(settings).run(SampleSink.discarding());
    TruthRecorder truth = simulate(settings, SampleSink.discarding());

    assertThat(trip.labels()).hasSizeGreaterThan(100);
    for (Label label : trip.labels()) {
      if (label.kind() == LabelKind.SENSOR_FAULT) {
        continue; // a device fault, not vehicle motion: it carries no motion peaks
      }
      double[] peak = {0, 0, 0};
      for (TruthRecorder.Step s : truth.steps) {
        if (s.tS() >= label.startS() && s.tS() < label.endS()) {
          double[] a = {s.accel()[0] / G, s.accel()[1] / G, (s.accel()[2] - G) / G};
          for (int k = 0; k < 3; k++) {
            if (Math.abs(a[k]) > Math.abs(peak[k])) {
              peak[k] = a[k];
            }
          }
        }
      }
      assertThat(label.peakLongitudinalG()).as("%s", label).isCloseTo(peak[0], within(1e-9));
      assertThat(label.peakLateralG()).as("%s", label).isCloseTo(peak[1], within(1e-9));
      assertThat(label.peakVerticalG()).as("%s", label).isCloseTo(peak[2], within(1e-9));
      double horizontal = Math.hypot(label.peakLongitudinalG(), label.peakLateralG());
      switch (label.kind()) {
        case HARSH_BRAKING ->
            assertThat(label.peakLongitudinalG()).as("%s", label).isLessThan(-0.4);
        case HARSH_ACCELERATION ->
            assertThat(label.peakLongitudinalG()).as("%s", label).isGreaterThan(0.38);
        case HARSH_CORNERING ->
            assertThat(Math.abs(label.peakLateralG())).as("%s", label).isGreaterThan(0.4);
        case AGGRESSIVE_LANE_CHANGE ->
            assertThat(Math.abs(label.peakLateralG())).as("%s", label).isGreaterThan(0.3);
        case COLLISION -> assertThat(horizontal).as("%s", label).isGreaterThan(1.4);
        case GENTLE_BRAKING, GENTLE_ACCELERATION, GENTLE_CORNERING, GENTLE_LANE_CHANGE -> {
          // Vendors threshold each axis; the peaks of a span need not be simultaneous.
          assertThat(Math.abs(label.peakLongitudinalG())).as("%s", label).isLessThan(0.3);
          assertThat(Math.abs(label.peakLateralG())).as("%s", label).isLessThan(0.3);
        }
        case POTHOLE, SPEED_BUMP ->
            assertThat(Math.abs(label.peakVerticalG())).as("%s", label).isGreaterThan(0.4);
        default -> {}
      }
    }
  }

  @Test
  void aSwayingTrailerShakesTheVehicleSidewaysOnlyWhereAScenarioAsksForIt() {
    TripSettings typical = TripSettings.typical(15, 2 * 3600);
    assertThat(new TripSimulator(typical).run(SampleSink.discarding()).labels())
        .noneMatch(l -> l.kind() == LabelKind.TRAILER_SWAY);
    java.util.Map<LabelKind, Double> rates =
        new java.util.EnumMap<>(EventRates.typical().perHour());
    rates.put(LabelKind.TRAILER_SWAY, 30.0);
    TripSettings towing = typical.withRates(new EventRates(rates, 20));
    List<Label> sways =
        new TripSimulator(towing)
            .run(SampleSink.discarding()).labels().stream()
                .filter(l -> l.kind() == LabelKind.TRAILER_SWAY)
                .toList();
    assertThat(sways).hasSizeGreaterThan(10);
    for (Label l : sways) {
      assertThat(Math.abs(l.peakLateralG())).as("%s", l).isBetween(0.25, 0.55);
      assertThat(Math.abs(l.peakLongitudinalG())).as("%s", l).isLessThan(0.2);
      assertThat(l.endS() - l.startS()).as("%s", l).isBetween(6.0, 20.0);
    }
  }

  private static boolean insideImpulse(List<Label> labels, double t) {
    for (Label l : labels) {
      if (IMPULSIVE.contains(l.kind()) && t >= l.startS() - 0.05 && t <= l.startS() + 0.25) {
        return true;
      }
    }
    return false;
  }
}
