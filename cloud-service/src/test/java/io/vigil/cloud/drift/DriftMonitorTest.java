package io.vigil.cloud.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.cloud.TestEvents;
import io.vigil.protocol.drift.DriftReference;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Fading, judging and the retraining suggestion's hysteresis, as pure functions. */
class DriftMonitorTest {

  private static final DriftRule RULE =
      new DriftRule("vigil-driving", Duration.ofHours(6).toMillis(), 1000, 0.25, DriftRule.MOTION);
  private static final long T0 = 1_800_000_000_000L;
  private static final long HOUR = 3_600_000L;

  static long[] smooth(long frames) {
    return TestEvents.smoothRoad(frames);
  }

  static long[] rough(long frames) {
    return TestEvents.roughRoad(frames);
  }

  private static final Optional<DriftReference> REFERENCE =
      Optional.of(
          new DriftReference(
              "vigil-driving", "1.0.0", "test", 10_000, Map.of("accel_z", smooth(1_000_000))));

  private static FleetDrift observe(FleetDrift was, long[] accelZ, long at) {
    return DriftMonitor.observe(
        was, "acme", "1.0.0", Map.of("accel_z", accelZ), at, REFERENCE, RULE);
  }

  @Test
  void onlyTheJudgedChannelsSetTheLevel() {
    // Training had no GPS in a quarter of its windows; this fleet always has it.
    long[] trainingFlags = {0, 250_000, 750_000, 0};
    long[] alwaysGps = {0, 0, 5000, 0};
    Optional<DriftReference> ref =
        Optional.of(
            new DriftReference(
                "vigil-driving",
                "1.0.0",
                "test",
                10_000,
                Map.of("accel_z", smooth(1_000_000), "speed_valid", trainingFlags)));
    FleetDrift d =
        DriftMonitor.observe(
            null,
            "acme",
            "1.0.0",
            Map.of("accel_z", smooth(5000), "speed_valid", alwaysGps),
            T0,
            ref,
            RULE);
    assertThat(d.assessment().psi().get("speed_valid")).isGreaterThan(1);
    assertThat(d.assessment().worstChannel()).isEqualTo("accel_z");
    assertThat(d.assessment().level()).isEqualTo(DriftLevel.NONE);
    assertThat(d.suggestion()).isNull();
  }

  @Test
  void oldInputsFadeWithTheHalfLife() {
    ObservedInputs o =
        DriftMonitor.add(ObservedInputs.EMPTY, Map.of("accel_z", smooth(1000)), T0, RULE);
    o = DriftMonitor.add(o, Map.of("accel_z", smooth(1000)), T0 + 6 * HOUR, RULE);
    assertThat(o.samples()).isCloseTo(1500, within(1e-6));
    // A late report, older than the newest, counts as faded as its age says.
    o = DriftMonitor.add(o, Map.of("accel_z", smooth(1000)), T0, RULE);
    assertThat(o.samples()).isCloseTo(2000, within(1e-6));
    assertThat(o.newestMs()).isEqualTo(T0 + 6 * HOUR);
    assertThat(o.reports()).isEqualTo(3);
  }

  @Test
  void tooFewInputsAreNotJudgedAndNoReferenceIsSaid() {
    FleetDrift d = observe(null, rough(500), T0);
    assertThat(d.assessment().level()).isEqualTo(DriftLevel.INSUFFICIENT);
    assertThat(d.assessment().psi().get("accel_z")).isGreaterThan(1);
    assertThat(d.suggestion()).isNull();

    FleetDrift none =
        DriftMonitor.observe(
            null, "acme", "1.2.0", Map.of("accel_z", rough(5000)), T0, Optional.empty(), RULE);
    assertThat(none.assessment().level()).isEqualTo(DriftLevel.NO_REFERENCE);
    assertThat(none.assessment().psi()).isEmpty();
  }

  @Test
  void aSignificantShiftOpensASuggestionThatStaysUntilTheInputsAreBack() {
    FleetDrift d = observe(null, smooth(5000), T0);
    assertThat(d.assessment().level()).isEqualTo(DriftLevel.NONE);
    assertThat(d.assessment().psi().get("accel_z")).isLessThan(0.01);

    d = observe(d, rough(20_000), T0 + HOUR);
    assertThat(d.assessment().level()).isEqualTo(DriftLevel.SIGNIFICANT);
    assertThat(d.assessment().worstChannel()).isEqualTo("accel_z");
    assertThat(d.suggestion()).isNotNull();
    assertThat(d.suggestion().openedAtMs()).isEqualTo(T0 + HOUR);
    assertThat(d.suggestion().reason())
        .startsWith("accel_z drifted from the training data of vigil-driving 1.0.0: PSI");
    RetrainingSuggestion opened = d.suggestion();

    // Smooth roads again: while the rough hours fade, the shift is moderate and the suggestion
    // stays; once they have faded below a moderate shift, it closes.
    int hours = 1;
    while (d.assessment().level() != DriftLevel.NONE && hours < 200) {
      d = observe(d, smooth(20_000), T0 + ++hours * HOUR);
      if (d.assessment().level() != DriftLevel.NONE) {
        assertThat(d.suggestion()).isEqualTo(opened);
      }
    }
    assertThat(d.assessment().level()).isEqualTo(DriftLevel.NONE);
    assertThat(d.suggestion()).isNull();
    assertThat(hours).isBetween(3, 200);
  }
}
