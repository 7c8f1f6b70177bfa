package io.vigil.inference.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VehicleFrameTest {

  @Test
  void gravityFromAnyOrientationMapsToUp() {
    SplittableRandom rng = new SplittableRandom(3);
    double[] out = new double[3];
    for (int i = 0; i < 1000; i++) {
      double gx = rng.nextDouble(-1, 1);
      double gy = rng.nextDouble(-1, 1);
      double gz = rng.nextDouble(-1, 1);
      double norm = Math.sqrt(gx * gx + gy * gy + gz * gz);
      VehicleFrame f =
          VehicleFrame.fromGravity(gx * 9.81 / norm, gy * 9.81 / norm, gz * 9.81 / norm);
      f.toVehicle(gx * 9.81 / norm, gy * 9.81 / norm, gz * 9.81 / norm, out, 0);
      assertThat(out[0]).isCloseTo(0, within(1e-9));
      assertThat(out[1]).isCloseTo(0, within(1e-9));
      assertThat(out[2]).isCloseTo(9.81, within(1e-9));
      assertThat(f.headingKnown()).isFalse();
    }
  }

  @Test
  void upsideDownAndLevelDevicesAreHandled() {
    double[] out = new double[3];
    VehicleFrame.fromGravity(0, 0, -9.81).toVehicle(0, 0, -9.81, out, 0);
    assertThat(out[2]).isCloseTo(9.81, within(1e-12));
    VehicleFrame.fromGravity(0, 0, 9.81).toVehicle(1, 2, 3, out, 0);
    assertThat(out).containsExactly(1, 2, 3);
  }

  @Test
  void forwardAtTurnsThatDirectionIntoX() {
    double yaw = Math.toRadians(130);
    VehicleFrame f = VehicleFrame.identity().withForwardAt(yaw);
    double[] out = new double[3];
    f.toVehicle(Math.cos(yaw), Math.sin(yaw), 0, out, 0);
    assertThat(out[0]).isCloseTo(1, within(1e-12));
    assertThat(out[1]).isCloseTo(0, within(1e-12));
    assertThat(f.headingKnown()).isTrue();
    assertThat(f.withArbitraryYaw(0.3).headingKnown()).isFalse();
  }
}
