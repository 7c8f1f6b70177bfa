package io.vigil.models.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowLabelTest {

  private static Label label(double s, double e, LabelKind kind, String dir) {
    return new Label(s, e, kind, Optional.ofNullable(dir), 0, 0, 0);
  }

  @Test
  void aManoeuvreMostlyInsideLabelsTheWindowAndAGrazeIsAmbiguous() {
    List<Label> labels = List.of(label(10, 11, LabelKind.HARSH_BRAKING, null));
    assertThat(WindowLabel.of(labels, 9.5, 12).classIndex())
        .isEqualTo(WindowClass.HARSH_BRAKING.ordinal());
    assertThat(WindowLabel.of(labels, 10.8, 13.3).classIndex()).isEqualTo(WindowLabel.AMBIGUOUS);
    assertThat(WindowLabel.of(labels, 12, 14.5).classIndex()).isZero();
  }

  @Test
  void directionPicksTheSide() {
    List<Label> labels = List.of(label(10, 14, LabelKind.HARSH_CORNERING, "left"));
    assertThat(WindowLabel.of(labels, 11, 13.5).classIndex())
        .isEqualTo(WindowClass.HARSH_CORNERING_LEFT.ordinal());
  }

  @Test
  void aCollisionNeedsItsImpactInsideWithRoomAfterIt() {
    List<Label> labels = List.of(label(10, 11.5, LabelKind.COLLISION, null));
    assertThat(WindowLabel.of(labels, 8, 10.5).classIndex())
        .isEqualTo(WindowClass.COLLISION.ordinal());
    assertThat(WindowLabel.of(labels, 7.6, 10.1).classIndex()).isEqualTo(WindowLabel.AMBIGUOUS);
    assertThat(WindowLabel.of(labels, 10.5, 13).classIndex()).isEqualTo(WindowLabel.AMBIGUOUS);
  }

  @Test
  void hardNegativesAndFaultsAreFlagsOnNormalWindows() {
    List<Label> labels =
        List.of(
            label(10, 10.1, LabelKind.POTHOLE, null),
            label(9, 20, LabelKind.SENSOR_FAULT, "stuck"));
    WindowLabel l = WindowLabel.of(labels, 9, 11.5);
    assertThat(l.classIndex()).isZero();
    assertThat(l.hardNegative()).isTrue();
    assertThat(l.sensorFault()).isTrue();
  }
}
