package io.vigil.agent.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class UnflaggedSamplerTest {

  private static final long S = 1_000_000_000L;
  private static final long WINDOW = 2_500_000_000L;
  private static final long HOP = 500_000_000L;
  private static final UUID REQUEST = UUID.fromString("c0ffee00-1234-4abc-9def-0123456789ab");

  /** Feeds windows ending every hop up to {@code untilNs}; {@code loud} marks unquiet ones. */
  private static List<UnflaggedSampler.Pick> drive(
      UnflaggedSampler sampler, long untilNs, LongPredicate loud) {
    List<UnflaggedSampler.Pick> picks = new ArrayList<>();
    for (long end = WINDOW; end <= untilNs; end += HOP) {
      float p = end == 12 * S ? 0.4f : 0.05f;
      sampler.window(end - WINDOW, end, !loud.test(end), p).ifPresent(picks::add);
    }
    return picks;
  }

  @Test
  void quietDrivingGivesTheRequestedStretchesSpacedApart() {
    UnflaggedSampler sampler = new UnflaggedSampler();
    sampler.start(new SampleRequest(REQUEST, 3, 20 * S), 0);

    List<UnflaggedSampler.Pick> picks = drive(sampler, 600 * S, end -> false);

    assertThat(picks).hasSize(3);
    assertThat(picks)
        .extracting(UnflaggedSampler.Pick::startNs)
        .containsExactly(0L, 20 * S, 40 * S);
    assertThat(picks)
        .allSatisfy(
            p -> {
              assertThat(p.endNs() - p.startNs()).isEqualTo(UnflaggedSampler.SPAN_NS);
              assertThat(p.requestId()).isEqualTo(REQUEST);
            });
    // the window ending at 12 s lies in no stretch; the first stretch saw at most 0.05
    assertThat(picks.get(0).maxEventProbability()).isEqualTo(0.05f);
    assertThat(sampler.active()).isFalse();
  }

  @Test
  void aStretchWithAnythingGoingOnInItOrRightAfterItIsNotTaken() {
    UnflaggedSampler sampler = new UnflaggedSampler();
    sampler.start(new SampleRequest(REQUEST, 1, 20 * S), 0);
    // Loud from 6 s to 9 s: inside the guard after a stretch starting at 0 (ends 5 s, guard to
    // 8 s), so the first candidate is dropped; the next starts once quiet again.
    List<UnflaggedSampler.Pick> picks = drive(sampler, 60 * S, end -> end >= 6 * S && end <= 9 * S);

    assertThat(picks).hasSize(1);
    // the first quiet window after the loud ones starts at 7 s; the stretch saw the 0.4 at 12 s
    assertThat(picks.get(0).startNs()).isEqualTo(7 * S);
    assertThat(picks.get(0).maxEventProbability()).isEqualTo(0.4f);
  }

  @Test
  void aNewRequestReplacesTheOneUnderWay() {
    UnflaggedSampler sampler = new UnflaggedSampler();
    sampler.start(new SampleRequest(REQUEST, 10, 60 * S), 0);
    assertThat(drive(sampler, 30 * S, end -> false)).hasSize(1);
    UUID second = UUID.randomUUID();
    sampler.start(new SampleRequest(second, 2, 10 * S), 30 * S);
    assertThat(sampler.remaining()).isEqualTo(2);
    List<UnflaggedSampler.Pick> picks = new ArrayList<>();
    for (long end = 30 * S + WINDOW; end <= 120 * S; end += HOP) {
      sampler.window(end - WINDOW, end, true, 0f).ifPresent(picks::add);
    }
    assertThat(picks).hasSize(2).allSatisfy(p -> assertThat(p.requestId()).isEqualTo(second));
    assertThat(picks.get(1).startNs() - picks.get(0).startNs()).isEqualTo(10 * S);
  }
}
