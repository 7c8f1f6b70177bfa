package io.vigil.simulator.scenario;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real time for a fleet, simulated: each tick's sleep moves the clock on at once, and actions
 * scheduled at a simulated time run on the fleet's thread (holding the fleet still while they run).
 * Lets a test or a harness drive a fleet through hours of trips in seconds and act at exact points
 * of the drive, such as rolling a model out and waiting for the agents to take it.
 */
public final class SimulatedPacer implements Pacer {
  private long now;
  private final List<long[]> whenNs = new CopyOnWriteArrayList<>();
  private final List<Runnable> actions = new CopyOnWriteArrayList<>();
  private int fired;

  /** Runs {@code action} once the simulated time reaches {@code t}. */
  public void at(Duration t, Runnable action) {
    whenNs.add(new long[] {t.toNanos()});
    actions.add(action);
  }

  /** Actions run so far. */
  public int fired() {
    return fired;
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void sleepUntil(long deadlineNs) {
    now = Math.max(now, deadlineNs);
    for (int i = 0; i < whenNs.size(); i++) {
      if (whenNs.get(i)[0] >= 0 && now >= whenNs.get(i)[0]) {
        whenNs.get(i)[0] = -1;
        actions.get(i).run();
        fired++;
      }
    }
  }
}
