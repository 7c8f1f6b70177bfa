package io.vigil.cloud.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.protocol.ModelManifest.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RolloutMachineTest {

  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private static final CanaryBounds BOUNDS =
      new CanaryBounds(1000, 10, 2.0, 0.2, 0.2, CanaryBounds.OnBreach.ROLLBACK);

  private final SortedMap<String, VehicleModelState> fleet = new TreeMap<>();

  RolloutMachineTest() {
    for (int i = 0; i < 10; i++) {
      fleet.put("van-" + i, new VehicleModelState("1.0.0", "active", "1.0.0", null));
    }
  }

  @Test
  void aCanaryStartsOnItsShareOfTheFleetWithTheMajorityAsBaseline() {
    fleet.put("van-x", new VehicleModelState("0.9.0", "active", "0.9.0", null));
    RolloutMachine.Step s = start(RolloutStage.CANARY, 20);

    assertThat(s.refusal()).isEmpty();
    assertThat(s.joined()).hasSize(3); // ceil(20% of 11)
    assertThat(s.downlinks())
        .containsExactlyElementsOf(
            s.joined().stream()
                .map(v -> (Downlink) new Downlink.Announce(Optional.of(v), "1.1.0", Mode.ACTIVE))
                .toList());
    Rollout r = s.rollout();
    assertThat(r.baseline()).isEqualTo("1.0.0");
    assertThat(r.canary().vehicles()).isEqualTo(3);
    assertThat(r.control().vehicles()).isEqualTo(8);
    assertThat(r.lastCommandId()).isEqualTo("c-start");
    assertThat(r.history()).singleElement().satisfies(t -> assertThat(t.by()).isEqualTo("ada"));
  }

  @Test
  void theCohortIsStableForARolloutAndDiffersBetweenRollouts() {
    List<String> a = RolloutMachine.cohort("r1", fleet.keySet(), 30);
    assertThat(RolloutMachine.cohort("r1", fleet.keySet(), 30)).isEqualTo(a);
    assertThat(a).hasSize(3);
    boolean anyDiffers = false;
    for (int i = 2; i < 20 && !anyDiffers; i++) {
      anyDiffers = !RolloutMachine.cohort("r" + i, fleet.keySet(), 30).equals(a);
    }
    assertThat(anyDiffers).isTrue();
    assertThat(RolloutMachine.cohort("r1", fleet.keySet(), 1)).hasSize(1);
    assertThat(RolloutMachine.cohort("r1", fleet.keySet(), 100)).hasSize(10);
  }

  @Test
  void commandsThatDoNotFitTheStateAreRefusedWithTheReason() {
    assertThat(refusal(null, cmd(RolloutCommand.Action.PROMOTE)))
        .hasValue("fleet acme has no rollout under way");
    assertThat(
            RolloutMachine.command(
                    null, startCmd("9.9.9", RolloutStage.CANARY, 20), "acme", fleet, v -> false)
                .refusal())
        .hasValue("model vigil-driving 9.9.9 is not in the registry");
    assertThat(refusal(null, startCmd("1.0.0", RolloutStage.CANARY, 20)))
        .hasValue("fleet acme already runs 1.0.0");
    assertThat(refusal(null, startCmd("1.1.0", RolloutStage.FLEET, 20)))
        .hasValue("a rollout starts in shadow or canary, not FLEET");
    assertThat(refusal(null, startCmd("1.1.0", RolloutStage.CANARY, 0)))
        .hasValue("percent must be 1..100, not 0");
    Rollout live = start(RolloutStage.CANARY, 20).rollout();
    assertThat(refusal(live, startCmd("1.1.0", RolloutStage.CANARY, 20)))
        .hasValue(
            "a rollout of 1.1.0 is under way (canary); promote it to the fleet or roll it back"
                + " first");
    assertThat(refusal(live, cmd(RolloutCommand.Action.RESUME)))
        .hasValue("the rollout is not paused");
    RolloutMachine.Step refused =
        RolloutMachine.command(live, cmd(RolloutCommand.Action.RESUME), "acme", fleet, v -> true);
    assertThat(refused.rollout().lastRefusal()).isEqualTo("the rollout is not paused");
    assertThat(refused.rollout().stage()).isEqualTo(RolloutStage.CANARY);
    assertThat(refused.downlinks()).isEmpty();
  }

  @Test
  void shadowThenCanaryThenFleet() {
    RolloutMachine.Step s = start(RolloutStage.SHADOW, 20);
    assertThat(s.downlinks())
        .allSatisfy(d -> assertThat(((Downlink.Announce) d).mode()).isEqualTo(Mode.SHADOW));
    Rollout r = joined(s);
    String member = s.joined().get(0);

    r = see(r, Observation.status(member, "1.0.0", "shadow", "1.1.0"));
    r = see(r, Observation.telemetry(member, 100, "1.1.0", 100, 97, 2, 3));
    r = see(r, Observation.telemetry("outsider", 100, null, 0, 0, 0, 0));
    assertThat(r.canary().reporting()).isEqualTo(1);
    assertThat(r.shadow()).isEqualTo(new ShadowTally(100, 97, 2, 3));
    assertThat(r.shadow().agreement()).isEqualTo(0.97);

    RolloutMachine.Step canary =
        RolloutMachine.command(r, cmd(RolloutCommand.Action.PROMOTE), "acme", fleet, v -> true);
    assertThat(canary.rollout().stage()).isEqualTo(RolloutStage.CANARY);
    assertThat(canary.rollout().canary().reporting()).as("counted afresh").isZero();
    assertThat(canary.downlinks())
        .containsExactlyInAnyOrderElementsOf(
            s.joined().stream()
                .map(v -> (Downlink) new Downlink.Announce(Optional.of(v), "1.1.0", Mode.ACTIVE))
                .toList());

    RolloutMachine.Step whole =
        RolloutMachine.command(
            canary.rollout(), cmd(RolloutCommand.Action.PROMOTE), "acme", fleet, v -> true);
    assertThat(whole.rollout().stage()).isEqualTo(RolloutStage.FLEET);
    assertThat(whole.downlinks().get(0))
        .isEqualTo(new Downlink.Announce(Optional.empty(), "1.1.0", Mode.ACTIVE));
    assertThat(whole.downlinks().subList(1, whole.downlinks().size()))
        .containsExactlyInAnyOrderElementsOf(
            s.joined().stream()
                .map(v -> (Downlink) new Downlink.Withdraw(Optional.of(v)))
                .toList());
    assertThat(whole.rollout().history())
        .extracting(Transition::stage)
        .containsExactly(RolloutStage.SHADOW, RolloutStage.CANARY, RolloutStage.FLEET);
  }

  @Test
  void aCanaryWhoseEventRateIsFarAboveTheControlGroupsIsRolledBackOnItsOwn() {
    RolloutMachine.Step s = start(RolloutStage.CANARY, 20);
    Rollout r = joined(s);
    List<String> cohort = s.joined();
    String outsider = fleet.keySet().stream().filter(v -> !cohort.contains(v)).findFirst().get();
    for (String v : cohort) {
      r = see(r, Observation.status(v, "1.1.0", "active", "1.1.0"));
    }
    assertThat(r.canary().reporting()).isEqualTo(2);
    // 1000 windows each; control: 10 events, canary: 19 (1.9×, within the bound)
    r = see(r, Observation.telemetry(cohort.get(0), 1000, null, 0, 0, 0, 0));
    r = see(r, Observation.telemetry(outsider, 1000, null, 0, 0, 0, 0));
    for (int i = 0; i < 10; i++) {
      r = see(r, Observation.event(outsider, "1.0.0"));
    }
    for (int i = 0; i < 19; i++) {
      r = see(r, Observation.event(cohort.get(0), "1.1.0"));
    }
    // events of the wrong model do not count for either group
    r = see(r, Observation.event(outsider, "1.1.0"));
    r = see(r, Observation.event(cohort.get(1), "1.0.0"));
    assertThat(r.canary().events()).isEqualTo(19);
    assertThat(r.control().events()).isEqualTo(10);
    assertThat(RolloutMachine.breach(r, BOUNDS)).isEmpty();

    r = see(r, Observation.event(cohort.get(0), "1.1.0"));
    r = see(r, Observation.event(cohort.get(0), "1.1.0"));
    Optional<String> why = RolloutMachine.breach(r, BOUNDS);
    assertThat(why)
        .hasValue(
            "canary event rate 21.00 per 1000 windows (21 events) is above 2.0× the control"
                + " group's 10.00 (10 events)");

    RolloutMachine.Step back =
        RolloutMachine.judge(r, fleet, BOUNDS, v -> true, T0.plusSeconds(600)).orElseThrow();
    assertThat(back.rollout().stage()).isEqualTo(RolloutStage.ROLLED_BACK);
    assertThat(back.rollout().history().get(back.rollout().history().size() - 1).by())
        .isEqualTo(RolloutMachine.AUTOMATIC);
    assertThat(back.downlinks())
        .containsExactlyInAnyOrder(
            new Downlink.Rollback(cohort.get(0), "automatic: " + why.get()),
            new Downlink.Withdraw(Optional.of(cohort.get(0))),
            new Downlink.Rollback(cohort.get(1), "automatic: " + why.get()),
            new Downlink.Withdraw(Optional.of(cohort.get(1))));

    CanaryBounds pause = new CanaryBounds(1000, 10, 2.0, 0.2, 0.2, CanaryBounds.OnBreach.PAUSE);
    RolloutMachine.Step held = RolloutMachine.judge(r, fleet, pause, v -> true, T0).orElseThrow();
    assertThat(held.rollout().paused()).isTrue();
    assertThat(held.rollout().stage()).isEqualTo(RolloutStage.CANARY);
    assertThat(held.downlinks()).isEmpty();
    assertThat(RolloutMachine.breach(held.rollout(), pause)).as("paused: not judged").isEmpty();
  }

  @Test
  void aCanaryThatHasGoneSilentIsRolledBackOnceTheControlGroupPredictsEnoughEvents() {
    RolloutMachine.Step s = start(RolloutStage.CANARY, 20);
    Rollout r = joined(s);
    String member = s.joined().get(0);
    String outsider =
        fleet.keySet().stream().filter(v -> !s.joined().contains(v)).findFirst().get();
    r = see(r, Observation.status(member, "1.1.0", "active", "1.1.0"));
    r = see(r, Observation.telemetry(member, 1000, null, 0, 0, 0, 0));
    r = see(r, Observation.telemetry(outsider, 1000, null, 0, 0, 0, 0));
    for (int i = 0; i < 9; i++) {
      r = see(r, Observation.event(outsider, "1.0.0"));
    }
    assertThat(r.canary().windows()).isEqualTo(1000);
    assertThat(r.control().windows()).isEqualTo(1000);
    assertThat(RolloutMachine.breach(r, BOUNDS))
        .as("9 events expected at the control group's rate: below min-events, too few to judge")
        .isEmpty();
    for (int i = 0; i < 11; i++) {
      r = see(r, Observation.event(outsider, "1.0.0"));
    }
    for (int i = 0; i < 4; i++) {
      r = see(r, Observation.event(member, "1.1.0"));
    }
    assertThat(RolloutMachine.breach(r, BOUNDS))
        .as("4 of 20 expected: at 0.2×, within the bound (fewer events can be a better model)")
        .isEmpty();

    Rollout silent = r;
    r = see(r, Observation.telemetry(member, 250, null, 0, 0, 0, 0));
    Optional<String> why = RolloutMachine.breach(r, BOUNDS);
    assertThat(why)
        .hasValue(
            "canary event rate 3.20 per 1000 windows (4 events) is below 0.20× the control"
                + " group's 20.00 (20 events; 25 expected at its rate)");
    assertThat(
            RolloutMachine.judge(r, fleet, BOUNDS, v -> true, T0).orElseThrow().rollout().stage())
        .isEqualTo(RolloutStage.ROLLED_BACK);

    CanaryBounds noFloor = new CanaryBounds(1000, 10, 2.0, 0, 0.2, CanaryBounds.OnBreach.ROLLBACK);
    assertThat(RolloutMachine.breach(r, noFloor)).as("min-event-ratio 0: not judged").isEmpty();
    assertThat(RolloutMachine.breach(silent, BOUNDS)).isEmpty();
  }

  @Test
  void boundsOutOfRangeAreRefused() {
    assertThatThrownBy(
            () -> new CanaryBounds(1000, 10, 2.0, 1.0, 0.2, CanaryBounds.OnBreach.ROLLBACK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("min-event-ratio must be in [0, 1), not 1.0");
  }

  @Test
  void tooFewWindowsOrEventsAreNoBreachButFailedInstallsAre() {
    RolloutMachine.Step s = start(RolloutStage.CANARY, 20);
    Rollout r = joined(s);
    String member = s.joined().get(0);
    for (int i = 0; i < 50; i++) {
      r = see(r, Observation.event(member, "1.1.0"));
    }
    assertThat(RolloutMachine.breach(r, BOUNDS)).as("no windows yet").isEmpty();
    r = see(r, Observation.status(member, "1.0.0", "failed", "1.1.0"));
    assertThat(r.canary().failed()).isEqualTo(1);
    assertThat(RolloutMachine.breach(r, BOUNDS))
        .hasValue("1 of 2 canary vehicles failed to install 1.1.0 (bound 20%)");
    // the same failure reported again is the same vehicle
    assertThat(see(r, Observation.status(member, "1.0.0", "failed", "1.1.0")).canary().failed())
        .isEqualTo(1);
  }

  @Test
  void aCanaryWhoseCohortCannotInstallItIsRolledBackWithoutTouchingTheirModels() {
    RolloutMachine.Step s = start(RolloutStage.CANARY, 20);
    Rollout r = joined(s);
    for (String v : s.joined()) {
      r = see(r, Observation.status(v, "1.0.0", "failed", "1.1.0"));
    }
    RolloutMachine.Step back =
        RolloutMachine.judge(r, fleet, BOUNDS, v -> true, T0.plusSeconds(60)).orElseThrow();
    assertThat(back.rollout().stage()).isEqualTo(RolloutStage.ROLLED_BACK);
    assertThat(last(back.rollout()).reason())
        .isEqualTo("automatic: 2 of 2 canary vehicles failed to install 1.1.0 (bound 20%)");
    // Still on 1.0.0: no rollback command (it would take them to the model before), only the
    // overrides withdrawn.
    assertThat(back.downlinks())
        .containsExactlyInAnyOrderElementsOf(
            s.joined().stream()
                .map(v -> (Downlink) new Downlink.Withdraw(Optional.of(v)))
                .toList());
  }

  @Test
  void aFleetWideRolloutRollsBackToARegisteredBaseline() {
    RolloutMachine.Step s = start(RolloutStage.CANARY, 20);
    Rollout r = joined(s);
    r =
        RolloutMachine.command(r, cmd(RolloutCommand.Action.PROMOTE), "acme", fleet, v -> true)
            .rollout();
    fleet.replaceAll((k, v) -> v.reporting("1.1.0", "active", "1.1.0"));
    RolloutMachine.Step back =
        RolloutMachine.command(r, cmd(RolloutCommand.Action.ROLLBACK), "acme", fleet, v -> true);
    assertThat(back.downlinks().get(0))
        .isEqualTo(new Downlink.Announce(Optional.empty(), "1.0.0", Mode.ACTIVE));
    assertThat(back.downlinks()).hasSize(11);
    RolloutMachine.Step unregistered =
        RolloutMachine.command(r, cmd(RolloutCommand.Action.ROLLBACK), "acme", fleet, v -> false);
    assertThat(unregistered.downlinks().get(0)).isEqualTo(new Downlink.Withdraw(Optional.empty()));
  }

  private static Transition last(Rollout r) {
    return r.history().get(r.history().size() - 1);
  }

  private RolloutMachine.Step start(RolloutStage stage, int percent) {
    return RolloutMachine.command(
        null, startCmd("1.1.0", stage, percent), "acme", fleet, v -> true);
  }

  /** Marks the step's cohort in the fleet, as the adapter does. */
  private Rollout joined(RolloutMachine.Step s) {
    for (String v : s.joined()) {
      fleet.put(v, fleet.get(v).joining(s.rollout().rolloutId()));
    }
    return s.rollout();
  }

  private Rollout see(Rollout r, Observation o) {
    RolloutMachine.Observed seen = RolloutMachine.observe(r, fleet.get(o.vehicleId()), o);
    fleet.put(o.vehicleId(), seen.vehicle());
    return seen.rollout();
  }

  private Optional<String> refusal(Rollout current, RolloutCommand c) {
    return RolloutMachine.refusal(
        current, c, "acme", fleet.size(), RolloutMachine.baseline(fleet), v -> true);
  }

  private static RolloutCommand startCmd(String version, RolloutStage stage, int percent) {
    return new RolloutCommand(
        "c-start",
        RolloutCommand.Action.START,
        "vigil-driving",
        version,
        stage,
        percent,
        "ada",
        "",
        T0);
  }

  private static RolloutCommand cmd(RolloutCommand.Action a) {
    return new RolloutCommand("c-" + a, a, null, null, null, 0, "ada", null, T0.plusSeconds(60));
  }
}
