package io.vigil.cloud.rollout;

import io.vigil.protocol.ModelManifest.Mode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Predicate;

/**
 * The rollout state machine as pure functions: what a command does to a fleet's rollout, what a
 * device message adds to its tallies, and when a canary has departed from its control group far
 * enough to be rolled back (or paused) without waiting for an admin. Each step says what to send to
 * the devices; the Kafka Streams adapter keeps the state and the MQTT adapter sends.
 *
 * <pre>
 *   START ─▶ SHADOW ──promote──▶ CANARY ──promote──▶ FLEET (done)
 *              │                   │  ╲ breach (automatic)
 *              └──── rollback ─────┴───▶ ROLLED_BACK ◀── rollback ── FLEET
 * </pre>
 */
public final class RolloutMachine {

  /** Who takes the automatic steps. */
  public static final String AUTOMATIC = "vigil";

  private RolloutMachine() {}

  /**
   * The outcome of a command or a judgement.
   *
   * @param rollout the rollout after it (null if there is none, as before)
   * @param downlinks what to send to the devices, in order
   * @param joined vehicles that joined the rollout's cohort
   * @param refusal why the command was refused, if it was (nothing else changed then)
   */
  public record Step(
      Rollout rollout, List<Downlink> downlinks, List<String> joined, Optional<String> refusal) {

    static Step refused(Rollout current, RolloutCommand c, String why) {
      return new Step(
          current == null ? null : current.answering(c.commandId(), why),
          List.of(),
          List.of(),
          Optional.of(why));
    }
  }

  /**
   * A device message's effect.
   *
   * @param vehicle the vehicle's state after it
   * @param rollout the rollout after it (the same object if its tallies did not change)
   */
  public record Observed(VehicleModelState vehicle, Rollout rollout) {}

  /**
   * Applies an admin's command.
   *
   * @param current the fleet's rollout, null if it never had one
   * @param c the command
   * @param fleetId the fleet
   * @param vehicles every vehicle of the fleet that has reported, by id
   * @param registered whether a version of the command's model is in the registry
   */
  public static Step command(
      Rollout current,
      RolloutCommand c,
      String fleetId,
      SortedMap<String, VehicleModelState> vehicles,
      Predicate<String> registered) {
    Optional<String> refusal =
        refusal(current, c, fleetId, vehicles.size(), baseline(vehicles), registered);
    if (refusal.isPresent()) {
      return Step.refused(current, c, refusal.get());
    }
    Instant at = c.issuedAt();
    String by = c.by();
    return switch (c.action()) {
      case START -> start(c, fleetId, vehicles);
      case PROMOTE -> promote(current, vehicles, at, by, c.reason(), c.commandId());
      case PAUSE -> done(current.step(current.stage(), true, at, by, reason(c, "paused")), c);
      case RESUME -> done(current.step(current.stage(), false, at, by, reason(c, "resumed")), c);
      case ROLLBACK -> {
        Step s = rollback(current, vehicles, registered, at, by, reason(c, "rolled back"));
        yield new Step(
            s.rollout().answering(c.commandId(), null), s.downlinks(), s.joined(), s.refusal());
      }
    };
  }

  /**
   * Why {@code c} cannot be applied now, if it cannot (the API asks before it sends a command, so
   * the admin hears the reason at once).
   *
   * @param current the fleet's rollout, null if it never had one
   * @param knownVehicles vehicles of the fleet that have reported
   * @param baseline the version most of them run, null if none reports one
   * @param registered whether a version of the command's model is in the registry
   */
  public static Optional<String> refusal(
      Rollout current,
      RolloutCommand c,
      String fleetId,
      int knownVehicles,
      String baseline,
      Predicate<String> registered) {
    boolean live = current != null && current.stage().live();
    String none = "fleet " + fleetId + " has no rollout under way";
    return Optional.ofNullable(
        switch (c.action()) {
          case START -> {
            if (live) {
              yield "a rollout of "
                  + current.candidate()
                  + " is under way ("
                  + current.stage().name().toLowerCase(java.util.Locale.ROOT)
                  + "); promote it to the fleet or roll it back first";
            }
            if (c.version() == null || !registered.test(c.version())) {
              yield "model " + c.model() + " " + c.version() + " is not in the registry";
            }
            if (c.stage() != RolloutStage.SHADOW && c.stage() != RolloutStage.CANARY) {
              yield "a rollout starts in shadow or canary, not " + c.stage();
            }
            if (c.percent() < 1 || c.percent() > 100) {
              yield "percent must be 1..100, not " + c.percent();
            }
            if (knownVehicles == 0) {
              yield "no vehicle of fleet " + fleetId + " has reported yet";
            }
            yield c.version().equals(baseline)
                ? "fleet " + fleetId + " already runs " + c.version()
                : null;
          }
          case PROMOTE ->
              !live ? none : current.paused() ? "the rollout is paused; resume it first" : null;
          case PAUSE -> !live ? none : current.paused() ? "the rollout is paused already" : null;
          case RESUME -> !live ? none : !current.paused() ? "the rollout is not paused" : null;
          case ROLLBACK ->
              current == null || current.stage() == RolloutStage.ROLLED_BACK
                  ? "fleet " + fleetId + " has no rollout to roll back"
                  : null;
        });
  }

  /**
   * Adds a device message to the vehicle's state and, while a rollout is under way, its tallies.
   */
  public static Observed observe(Rollout r, VehicleModelState was, Observation o) {
    VehicleModelState v = was == null ? VehicleModelState.UNKNOWN : was;
    boolean live = r != null && r.stage().live();
    boolean member = v.inCohortOf(r);
    switch (o.kind()) {
      case STATUS -> {
        VehicleModelState now = v.reporting(o.modelVersion(), o.updateState(), o.updateVersion());
        if (!live) {
          return new Observed(now, r);
        }
        if (member) {
          boolean shadow = r.stage() == RolloutStage.SHADOW;
          int reporting =
              flag(now.runs(r.candidate(), shadow)) - flag(v.runs(r.candidate(), shadow));
          int failed =
              flag(now.failedToInstall(r.candidate())) - flag(v.failedToInstall(r.candidate()));
          if (reporting == 0 && failed == 0) {
            return new Observed(now, r);
          }
          return new Observed(
              now,
              r.withTallies(r.canary().plus(reporting, failed, 0, 0), r.control(), r.shadow()));
        }
        int reporting = flag(runsBaseline(r, now)) - flag(runsBaseline(r, v));
        return new Observed(
            now,
            reporting == 0
                ? r
                : r.withTallies(r.canary(), r.control().plus(reporting, 0, 0, 0), r.shadow()));
      }
      case TELEMETRY -> {
        if (!live) {
          return new Observed(v, r);
        }
        if (member && r.stage() == RolloutStage.SHADOW) {
          if (!r.candidate().equals(o.shadowVersion()) || o.shadowWindows() == 0) {
            return new Observed(v, r);
          }
          return new Observed(
              v,
              r.withTallies(
                  r.canary(),
                  r.control(),
                  r.shadow()
                      .plus(
                          o.shadowWindows(),
                          o.shadowAgreeing(),
                          o.activeEvents(),
                          o.shadowEvents())));
        }
        if (o.windows() == 0) {
          return new Observed(v, r);
        }
        if (member && v.runs(r.candidate(), false)) {
          return new Observed(
              v, r.withTallies(r.canary().plus(0, 0, o.windows(), 0), r.control(), r.shadow()));
        }
        if (!member && runsBaseline(r, v)) {
          return new Observed(
              v, r.withTallies(r.canary(), r.control().plus(0, 0, o.windows(), 0), r.shadow()));
        }
        return new Observed(v, r);
      }
      case EVENT -> {
        if (!live || o.modelVersion() == null) {
          return new Observed(v, r);
        }
        if (member && r.stage() == RolloutStage.CANARY && o.modelVersion().equals(r.candidate())) {
          return new Observed(
              v, r.withTallies(r.canary().plus(0, 0, 0, 1), r.control(), r.shadow()));
        }
        if (!member && isBaseline(r, o.modelVersion())) {
          return new Observed(
              v, r.withTallies(r.canary(), r.control().plus(0, 0, 0, 1), r.shadow()));
        }
        return new Observed(v, r);
      }
      default -> throw new IllegalStateException("unknown observation " + o.kind());
    }
  }

  /**
   * Why a running canary has departed from its control group beyond the bounds, if it has: too many
   * cohort vehicles failed to install the candidate, or the cohort's event rate is more than {@code
   * maxEventRatio} times the control group's (once both have classified enough windows), or less
   * than {@code minEventRatio} times it (once the control group's rate predicts {@code minEvents}
   * canary events: a model that stops detecting anything makes no events to count).
   */
  public static Optional<String> breach(Rollout r, CanaryBounds b) {
    if (r == null || r.stage() != RolloutStage.CANARY || r.paused()) {
      return Optional.empty();
    }
    CohortTally canary = r.canary();
    if (canary.failed() > 0
        && canary.failed() > b.maxFailedShare() * Math.max(1, canary.vehicles())) {
      return Optional.of(
          String.format(
              "%d of %d canary vehicles failed to install %s (bound %.0f%%)",
              canary.failed(), canary.vehicles(), r.candidate(), 100 * b.maxFailedShare()));
    }
    CohortTally control = r.control();
    if (canary.windows() < b.minWindows() || control.windows() < b.minWindows()) {
      return Optional.empty();
    }
    double expected = (double) control.events() * canary.windows() / control.windows();
    if (b.minEventRatio() > 0
        && expected >= b.minEvents()
        && canary.events() < b.minEventRatio() * expected) {
      return Optional.of(
          String.format(
              "canary event rate %.2f per 1000 windows (%d events) is below %.2f× the control"
                  + " group's %.2f (%d events; %.0f expected at its rate)",
              canary.eventsPerThousandWindows(),
              canary.events(),
              b.minEventRatio(),
              control.eventsPerThousandWindows(),
              control.events(),
              expected));
    }
    if (canary.events() < b.minEvents()) {
      return Optional.empty();
    }
    // A control group without events would make any canary event an infinite ratio: count it as
    // one event, so the bound stays a rate.
    double controlRate = 1000.0 * Math.max(1, control.events()) / control.windows();
    double canaryRate = canary.eventsPerThousandWindows();
    if (canaryRate > b.maxEventRatio() * controlRate) {
      return Optional.of(
          String.format(
              "canary event rate %.2f per 1000 windows (%d events) is above %.1f× the control"
                  + " group's %.2f (%d events)",
              canaryRate,
              canary.events(),
              b.maxEventRatio(),
              control.eventsPerThousandWindows(),
              control.events()));
    }
    return Optional.empty();
  }

  /**
   * What a breached canary does on its own: rolls back or pauses, as the bounds say; nothing if it
   * is within them.
   */
  public static Optional<Step> judge(
      Rollout r,
      SortedMap<String, VehicleModelState> vehicles,
      CanaryBounds b,
      Predicate<String> registered,
      Instant at) {
    return breach(r, b)
        .map(
            why ->
                b.onBreach() == CanaryBounds.OnBreach.ROLLBACK
                    ? rollback(r, vehicles, registered, at, AUTOMATIC, "automatic: " + why)
                    : new Step(
                        r.step(r.stage(), true, at, AUTOMATIC, "automatic pause: " + why),
                        List.of(),
                        List.of(),
                        Optional.empty()));
  }

  /**
   * The baseline of a fleet: the version most of its vehicles report as active (the lowest of a
   * tie), null if none reports one.
   */
  public static String baseline(SortedMap<String, VehicleModelState> vehicles) {
    Map<String, Integer> counts = new HashMap<>();
    for (VehicleModelState v : vehicles.values()) {
      if (v.modelVersion() != null) {
        counts.merge(v.modelVersion(), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .max(
            Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  /**
   * The cohort of a rollout: {@code percent}% of the vehicles (at least one), chosen by a hash of
   * the rollout id and the vehicle id, so the choice is stable for a rollout and differs between
   * rollouts.
   */
  public static List<String> cohort(String rolloutId, Iterable<String> vehicles, int percent) {
    List<String> all = new ArrayList<>();
    vehicles.forEach(all::add);
    all.sort(Comparator.comparing((String v) -> rank(rolloutId, v)).thenComparing(v -> v));
    int n = (int) Math.ceil(percent * all.size() / 100.0);
    return all.subList(0, Math.max(1, Math.min(all.size(), n)));
  }

  private static Step start(
      RolloutCommand c, String fleetId, SortedMap<String, VehicleModelState> vehicles) {
    String baseline = baseline(vehicles);
    String rolloutId = c.commandId();
    List<String> cohort = cohort(rolloutId, vehicles.keySet(), c.percent());
    Mode mode = c.stage() == RolloutStage.SHADOW ? Mode.SHADOW : Mode.ACTIVE;
    List<Downlink> downlinks = new ArrayList<>();
    for (String v : cohort) {
      downlinks.add(new Downlink.Announce(Optional.of(v), c.version(), mode));
    }
    Rollout r =
        new Rollout(
            fleetId,
            rolloutId,
            c.model(),
            c.version(),
            baseline,
            c.stage(),
            false,
            c.percent(),
            new CohortTally(
                cohort.size(),
                (int)
                    cohort.stream()
                        .filter(
                            v ->
                                vehicles.get(v).runs(c.version(), c.stage() == RolloutStage.SHADOW))
                        .count(),
                0,
                0,
                0),
            new CohortTally(
                vehicles.size() - cohort.size(),
                (int)
                    vehicles.entrySet().stream()
                        .filter(e -> !cohort.contains(e.getKey()))
                        .filter(e -> baseline != null && e.getValue().runs(baseline, false))
                        .count(),
                0,
                0,
                0),
            ShadowTally.NONE,
            c.issuedAt(),
            c.issuedAt(),
            c.commandId(),
            null,
            List.of());
    r =
        r.step(
            c.stage(),
            false,
            c.issuedAt(),
            c.by(),
            reason(
                c,
                String.format(
                    "started %s of %s on %d of %d vehicles (baseline %s)",
                    c.stage().name().toLowerCase(java.util.Locale.ROOT),
                    c.version(),
                    cohort.size(),
                    vehicles.size(),
                    baseline == null ? "unknown" : baseline)));
    return new Step(r.answering(c.commandId(), null), downlinks, cohort, Optional.empty());
  }

  private static Step promote(
      Rollout r,
      SortedMap<String, VehicleModelState> vehicles,
      Instant at,
      String by,
      String why,
      String commandId) {
    List<String> members = members(r, vehicles);
    List<Downlink> downlinks = new ArrayList<>();
    Rollout next;
    if (r.stage() == RolloutStage.SHADOW) {
      for (String v : members) {
        downlinks.add(new Downlink.Announce(Optional.of(v), r.candidate(), Mode.ACTIVE));
      }
      // The canary is compared with its control group over the canary stage only.
      int controlRunning =
          (int)
              vehicles.values().stream()
                  .filter(v -> !v.inCohortOf(r) && runsBaseline(r, v))
                  .count();
      next =
          r.withTallies(
                  CohortTally.of(r.canary().vehicles()),
                  new CohortTally(r.control().vehicles(), controlRunning, 0, 0, 0),
                  r.shadow())
              .step(RolloutStage.CANARY, false, at, by, orElse(why, "promoted to canary"));
    } else {
      downlinks.add(new Downlink.Announce(Optional.empty(), r.candidate(), Mode.ACTIVE));
      for (String v : members) {
        downlinks.add(new Downlink.Withdraw(Optional.of(v)));
      }
      next = r.step(RolloutStage.FLEET, false, at, by, orElse(why, "promoted to the fleet"));
    }
    return new Step(next.answering(commandId, null), downlinks, List.of(), Optional.empty());
  }

  private static Step rollback(
      Rollout r,
      SortedMap<String, VehicleModelState> vehicles,
      Predicate<String> registered,
      Instant at,
      String by,
      String why) {
    List<Downlink> downlinks = new ArrayList<>();
    switch (r.stage()) {
      case SHADOW -> {
        for (String v : members(r, vehicles)) {
          downlinks.add(new Downlink.Withdraw(Optional.of(v)));
        }
      }
      case CANARY -> {
        for (String v : members(r, vehicles)) {
          // Only a vehicle on the candidate is told to go back: one that never took it would
          // otherwise return to the model before its current one.
          if (vehicles.get(v).runs(r.candidate(), false)) {
            downlinks.add(new Downlink.Rollback(v, why));
          }
          downlinks.add(new Downlink.Withdraw(Optional.of(v)));
        }
      }
      case FLEET -> {
        downlinks.add(
            r.baseline() != null && registered.test(r.baseline())
                ? new Downlink.Announce(Optional.empty(), r.baseline(), Mode.ACTIVE)
                : new Downlink.Withdraw(Optional.empty()));
        vehicles.forEach(
            (id, v) -> {
              if (v.runs(r.candidate(), false)) {
                downlinks.add(new Downlink.Rollback(id, why));
              }
            });
      }
      default -> throw new IllegalStateException("cannot roll back a " + r.stage() + " rollout");
    }
    return new Step(
        r.step(RolloutStage.ROLLED_BACK, false, at, by, why),
        downlinks,
        List.of(),
        Optional.empty());
  }

  private static List<String> members(Rollout r, SortedMap<String, VehicleModelState> vehicles) {
    List<String> out = new ArrayList<>();
    vehicles.forEach(
        (id, v) -> {
          if (v.inCohortOf(r)) {
            out.add(id);
          }
        });
    return out;
  }

  private static boolean runsBaseline(Rollout r, VehicleModelState v) {
    return v.modelVersion() != null && isBaseline(r, v.modelVersion());
  }

  /** The baseline, or, when none was known, any version but the candidate. */
  private static boolean isBaseline(Rollout r, String version) {
    return r.baseline() != null ? r.baseline().equals(version) : !r.candidate().equals(version);
  }

  private static int flag(boolean b) {
    return b ? 1 : 0;
  }

  private static String reason(RolloutCommand c, String fallback) {
    return orElse(c.reason(), fallback);
  }

  private static String orElse(String s, String fallback) {
    return s == null || s.isBlank() ? fallback : s;
  }

  private static Step done(Rollout r, RolloutCommand c) {
    return new Step(r.answering(c.commandId(), null), List.of(), List.of(), Optional.empty());
  }

  private static String rank(String rolloutId, String vehicleId) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest((rolloutId + "/" + vehicleId).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
