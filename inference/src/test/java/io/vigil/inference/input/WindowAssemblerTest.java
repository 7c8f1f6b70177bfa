package io.vigil.inference.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowAssemblerTest {

  private final InputSpec spec = InputSpec.v1();
  private final List<float[]> windows = new ArrayList<>();
  private final List<Long> ends = new ArrayList<>();

  private WindowAssembler assembler() {
    return new WindowAssembler(
        spec,
        VehicleFrame.identity(),
        (end, w, missing) -> {
          windows.add(w.clone());
          ends.add(end);
        });
  }

  private int channel(ModelChannel c) {
    return spec.channels().indexOf(c) * spec.windowSamples();
  }

  @Test
  void resamplesAnyRateWithJitterOntoTheModelClock() {
    // Seeded property: at 40–200 Hz with timestamp jitter, a linear ramp a(t) = 2t comes out
    // exactly at the model's 50 Hz frames, and a window ends every hop.
    SplittableRandom rng = new SplittableRandom(11);
    for (double rate : new double[] {40, 62.5, 100, 200}) {
      windows.clear();
      ends.clear();
      WindowAssembler a = assembler();
      double t = 0;
      while (t < 10) {
        long ns = Math.round(t * 1e9);
        a.imu(ns, 2 * t, 0, 9.81, 0, 0, 0.1);
        t += (1 / rate) * (1 + 0.05 * (rng.nextDouble() - 0.5));
      }
      assertThat(windows).hasSizeGreaterThan(10);
      for (int w = 0; w < windows.size(); w++) {
        double end = ends.get(w) / 1e9;
        float[] window = windows.get(w);
        for (int i = 0; i < spec.windowSamples(); i++) {
          double frameT = end - (spec.windowSamples() - 1 - i) / spec.rateHz();
          assertThat(window[channel(ModelChannel.ACCEL_X) + i])
              .isCloseTo((float) (2 * frameT), within(1e-3f));
        }
        if (w > 0) {
          assertThat(ends.get(w) - ends.get(w - 1)).isEqualTo(500_000_000L);
        }
      }
    }
  }

  @Test
  void longGapsAreMissingFramesAndTooManySkipTheWindow() {
    WindowAssembler a = assembler();
    for (int i = 0; i < 150; i++) {
      a.imu(i * 20_000_000L, 1, 0, 9.81, 0, 0, 0);
    }
    int before = windows.size();
    // a 1 s hole: 49 missing frames > 10 % of 125
    a.imu(149 * 20_000_000L + 1_000_000_000L, 1, 0, 9.81, 0, 0, 0);
    for (int i = 1; i < 20; i++) {
      a.imu(149 * 20_000_000L + 1_000_000_000L + i * 20_000_000L, 1, 0, 9.81, 0, 0, 0);
    }
    assertThat(a.windowsSkipped()).isGreaterThan(0);
    assertThat(windows).hasSize(before);
  }

  @Test
  void outOfOrderSamplesAreCountedAndIgnored() {
    WindowAssembler a = assembler();
    a.imu(100, 0, 0, 0, 0, 0, 0);
    a.imu(50, 0, 0, 0, 0, 0, 0);
    a.imu(100, 0, 0, 0, 0, 0, 0);
    assertThat(a.samplesOutOfOrder()).isEqualTo(2);
  }

  @Test
  void speedIsHeldUntilItIsTooOldAndFlagsFollow() {
    WindowAssembler a = assembler();
    a.gps(0, 12.5);
    for (int i = 0; i <= 300; i++) {
      a.imu(i * 20_000_000L, 0, 0, 9.81, 0, 0, 0);
    }
    float[] last = windows.get(windows.size() - 1); // frames 3.5 s … 6 s: speed is 6 s old
    float[] first = windows.get(0); // frames 0 … 2.48 s: speed fresh until 2 s
    assertThat(first[channel(ModelChannel.SPEED)]).isEqualTo(12.5f);
    assertThat(first[channel(ModelChannel.SPEED_VALID)]).isEqualTo(1f);
    assertThat(first[channel(ModelChannel.SPEED_VALID) + spec.windowSamples() - 1]).isEqualTo(0f);
    assertThat(last[channel(ModelChannel.SPEED)]).isZero();
    assertThat(last[channel(ModelChannel.HEADING_KNOWN)]).isEqualTo(1f);
  }
}
