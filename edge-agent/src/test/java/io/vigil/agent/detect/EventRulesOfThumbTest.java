package io.vigil.agent.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import io.vigil.protocol.PeakAcceleration;
import io.vigil.protocol.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Severity from peak g, impact direction from peaks, and the sensor fault checks. */
class EventRulesOfThumbTest {

  @Test
  void severityFollowsTheVendorsThresholds() {
    assertThat(SeverityRule.of(EventType.HARSH_BRAKING, new PeakAcceleration(-0.40, 0.05, 0)))
        .isEqualTo(Severity.LOW);
    assertThat(SeverityRule.of(EventType.HARSH_BRAKING, new PeakAcceleration(-0.50, 0, 0)))
        .isEqualTo(Severity.MEDIUM);
    assertThat(SeverityRule.of(EventType.HARSH_CORNERING, new PeakAcceleration(0.1, 0.65, 0)))
        .isEqualTo(Severity.HIGH);
    assertThat(SeverityRule.of(EventType.COLLISION, new PeakAcceleration(-1.8, 0.3, 0.2)))
        .isEqualTo(Severity.HIGH);
    assertThat(SeverityRule.of(EventType.COLLISION, new PeakAcceleration(-2.6, 0.3, 0.2)))
        .isEqualTo(Severity.CRITICAL);
    assertThat(SeverityRule.of(EventType.SENSOR_FAULT, new PeakAcceleration(9, 9, 9)))
        .isEqualTo(Severity.LOW);
  }

  @Test
  void anImpactComesFromWhereItsDominantPeakPoints() {
    assertThat(EventShape.impactDirection(new PeakAcceleration(-2.0, 0.4, 0)))
        .contains(Direction.FRONT);
    assertThat(EventShape.impactDirection(new PeakAcceleration(1.5, -0.2, 0)))
        .contains(Direction.REAR);
    assertThat(EventShape.impactDirection(new PeakAcceleration(0.3, -1.9, 0)))
        .contains(Direction.LEFT);
    assertThat(EventShape.impactDirection(new PeakAcceleration(0.3, 1.9, 0)))
        .contains(Direction.RIGHT);
    assertThat(EventShape.impactDirection(new PeakAcceleration(0.1, 0.1, 2))).isEmpty();
  }

  @Test
  void withoutAHeadingTheHorizontalPeakGoesWhereTheClassSays() {
    PeakAcceleration raw = new PeakAcceleration(0.3, -0.4, 0.02);
    assertThat(EventShape.horizontalByClass(EventType.HARSH_BRAKING, Optional.empty(), 0.5, raw))
        .isEqualTo(new PeakAcceleration(-0.5, 0, 0.02));
    assertThat(
            EventShape.horizontalByClass(
                EventType.HARSH_CORNERING, Optional.of(Direction.RIGHT), 0.5, raw))
        .isEqualTo(new PeakAcceleration(0, -0.5, 0.02));
  }

  @Test
  void stuckSaturatedAndDroppedSamplesAreFaultsWithTheirSpans() {
    SensorFaultDetector d = new SensorFaultDetector();
    long t = 0;
    long period = 20_000_000L;
    java.util.SplittableRandom noise = new java.util.SplittableRandom(3);
    List<SensorFaultDetector.FaultSpan> found = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++, t += period) { // normal
      found.addAll(d.imu(t, noise.nextDouble(), noise.nextDouble(), 9.8 + noise.nextDouble()));
    }
    long stuckFrom = t;
    for (int i = 0; i < 60; i++, t += period) { // x stuck at 0.42
      found.addAll(d.imu(t, 0.42, noise.nextDouble(), 9.8 + noise.nextDouble()));
    }
    for (int i = 0; i < 100; i++, t += period) { // normal again: the fault closes after 1 s
      found.addAll(d.imu(t, noise.nextDouble(), noise.nextDouble(), 9.8 + noise.nextDouble()));
    }
    t += 800_000_000L; // 0.8 s without samples
    found.addAll(d.imu(t, 0.1, 0.1, 9.8));
    t += period;
    for (int i = 0; i < 10; i++, t += period) { // z pinned at 16 g
      found.addAll(d.imu(t, noise.nextDouble(), noise.nextDouble(), 156.9));
    }
    found.addAll(d.finish());

    assertThat(found)
        .extracting(SensorFaultDetector.FaultSpan::fault)
        .containsExactly(
            SensorFaultDetector.Fault.STUCK,
            SensorFaultDetector.Fault.DROPOUT,
            SensorFaultDetector.Fault.SATURATION);
    assertThat(found.get(0).startNs()).isEqualTo(stuckFrom);
    assertThat(found.get(0).endNs()).isEqualTo(stuckFrom + 59 * period);
    assertThat(found.get(1).endNs() - found.get(1).startNs()).isEqualTo(800_000_000L + period);
  }

  @Test
  void ordinaryNoisyDrivingHasNoFaults() {
    SensorFaultDetector d = new SensorFaultDetector();
    java.util.SplittableRandom noise = new java.util.SplittableRandom(4);
    List<SensorFaultDetector.FaultSpan> found = new java.util.ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      found.addAll(
          d.imu(
              i * 20_000_000L,
              noise.nextGaussian(),
              noise.nextGaussian(),
              9.8 + noise.nextGaussian()));
    }
    found.addAll(d.finish());
    assertThat(found).isEmpty();
  }
}
