package io.vigil.simulator.scenario;

import io.vigil.simulator.SampleSink;
import io.vigil.simulator.TripSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs a fleet in real time: every tick, each vehicle is advanced to the number of IMU periods that
 * have passed on the wall clock, its samples pushed to its own sink, the work split over a fixed
 * number of threads. The fleet is kept in real time when fewer than 1 % of ticks take longer than
 * the tick period and no vehicle ends behind the clock.
 */
public final class RealtimeFleet {

  /**
   * Result of a run.
   *
   * @param vehicles vehicles in the fleet
   * @param seconds wall-clock time of the run
   * @param samples IMU samples produced
   * @param ticks ticks run
   * @param overruns ticks whose work took longer than the tick period
   * @param backlogSamples IMU periods the slowest vehicle was behind the clock at the end
   */
  public record Report(
      int vehicles, double seconds, long samples, long ticks, long overruns, long backlogSamples) {

    public double samplesPerSecond() {
      return samples / seconds;
    }

    /** Fewer than 1 % of ticks overran and nothing was left behind. */
    public boolean keptRealTime() {
      return overruns * 100 < ticks && backlogSamples <= 1;
    }
  }

  private final List<TripSimulator> vehicles;
  private final List<SampleSink> sinks;
  private final double rateHz;
  private final int threads;
  private final long tickNs;
  private final Pacer pacer;

  /**
   * @param plan vehicles to run; all must share one IMU rate
   * @param sinkFor the sink of each vehicle (an in-process agent, a publisher, …)
   * @param threads worker threads
   * @param tickMs how often vehicles are advanced, ms (20 = one sample at 50 Hz)
   * @param pacer the wall clock
   */
  public RealtimeFleet(
      List<FleetPlan.Vehicle> plan,
      Function<FleetPlan.Vehicle, SampleSink> sinkFor,
      int threads,
      int tickMs,
      Pacer pacer) {
    if (plan.isEmpty()) {
      throw new IllegalArgumentException("no vehicles");
    }
    this.rateHz = plan.get(0).trip().imu().rateHz();
    this.vehicles = new ArrayList<>(plan.size());
    this.sinks = new ArrayList<>(plan.size());
    for (FleetPlan.Vehicle v : plan) {
      if (v.trip().imu().rateHz() != rateHz) {
        throw new IllegalArgumentException("all vehicles of a real-time fleet need one IMU rate");
      }
      vehicles.add(new TripSimulator(v.trip()));
      sinks.add(sinkFor.apply(v));
    }
    this.threads = Math.max(1, threads);
    this.tickNs = tickMs * 1_000_000L;
    this.pacer = pacer;
  }

  /** Runs for {@code seconds} of wall-clock time. */
  public Report run(double seconds) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = pacer.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long nextTick = start;
      long samples = 0;
      long ticks = 0;
      long overruns = 0;
      while (pacer.nanoTime() < end) {
        long tickStart = pacer.nanoTime();
        long target = stepsAt(tickStart - start);
        samples += advanceAll(pool, target);
        ticks++;
        if (pacer.nanoTime() - tickStart > tickNs) {
          overruns++;
        }
        nextTick += tickNs;
        pacer.sleepUntil(nextTick);
      }
      long finish = pacer.nanoTime();
      long backlog = stepsAt(finish - start) - slowestStep();
      return new Report(vehicles.size(), (finish - start) / 1e9, samples, ticks, overruns, backlog);
    } finally {
      pool.shutdownNow();
    }
  }

  private long stepsAt(long elapsedNs) {
    return (long) (elapsedNs / 1e9 * rateHz);
  }

  private long slowestStep() {
    long slowest = Long.MAX_VALUE;
    for (TripSimulator v : vehicles) {
      slowest = Math.min(slowest, Math.round(v.elapsedS() * rateHz));
    }
    return slowest;
  }

  private long advanceAll(ExecutorService pool, long targetStep) throws InterruptedException {
    List<Future<Long>> parts = new ArrayList<>(threads);
    int n = vehicles.size();
    for (int p = 0; p < threads; p++) {
      int from = p * n / threads;
      int to = (p + 1) * n / threads;
      parts.add(pool.submit(() -> advance(from, to, targetStep)));
    }
    long stepped = 0;
    for (Future<Long> part : parts) {
      try {
        stepped += part.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("a simulated vehicle failed", e.getCause());
      }
    }
    return stepped;
  }

  private long advance(int from, int to, long targetStep) {
    long stepped = 0;
    for (int i = from; i < to; i++) {
      TripSimulator sim = vehicles.get(i);
      SampleSink sink = sinks.get(i);
      while (Math.round(sim.elapsedS() * rateHz) < targetStep && sim.step(sink)) {
        stepped++;
      }
    }
    return stepped;
  }
}
