package io.vigil.agent.runtime;

import io.vigil.agent.detect.BatchScorer;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.detect.VehicleDetector;
import io.vigil.agent.input.SimulatorInput;
import io.vigil.agent.outbox.Outbox;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.simulator.SampleSink;
import io.vigil.simulator.TripSimulator;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.Pacer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fleet mode: the vehicles of a simulator scenario, each with its own agent pipeline, in one JVM
 * and one model session. Every tick each worker thread advances its share of the vehicles to the
 * wall clock (or by a fixed step when not real time), scores all their new windows in batched ONNX
 * Runtime calls, and writes events and telemetry into the outbox. Real time is kept when fewer than
 * 1 % of ticks overrun.
 */
public final class FleetRuntime {

  /**
   * Result of a run.
   *
   * @param vehicles vehicles run
   * @param seconds wall-clock time
   * @param simulatedSeconds driving time covered per vehicle
   * @param samples IMU samples processed
   * @param windows windows scored
   * @param events events written to the outbox
   * @param ticks ticks run
   * @param overruns ticks that took longer than the tick period
   */
  public record Report(
      int vehicles,
      double seconds,
      double simulatedSeconds,
      long samples,
      long windows,
      long events,
      long ticks,
      long overruns) {

    public boolean keptRealTime() {
      return overruns * 100 < ticks;
    }
  }

  static final long TICK_NS = 100_000_000L;

  private final Outbox outbox;
  private final AgentMetrics metrics;
  private final Runnable beforeTick;
  private final Runnable afterTick;
  private final int maxBatch;
  private final int threads;
  private final Clock clock;
  private volatile boolean stopped;

  /**
   * @param beforeTick run before each tick, while no window is pending or being scored: where new
   *     models are swapped in
   * @param afterTick run after each tick's messages are in the outbox (wakes the publisher)
   */
  public FleetRuntime(
      Outbox outbox,
      AgentMetrics metrics,
      int maxBatch,
      int threads,
      Clock clock,
      Runnable beforeTick,
      Runnable afterTick) {
    this.outbox = outbox;
    this.metrics = metrics;
    this.maxBatch = maxBatch;
    this.threads = Math.max(1, threads);
    this.clock = clock;
    this.beforeTick = beforeTick;
    this.afterTick = afterTick;
  }

  /** The per-vehicle agents of a scenario's vehicles; see {@link VehicleAgent#forPlan}. */
  public static List<VehicleAgent> agentsFor(
      List<FleetPlan.Vehicle> plan,
      DetectionModel model,
      io.vigil.agent.calibrate.CalibrationStore store,
      Clock clock,
      Duration telemetryEvery) {
    return VehicleAgent.forPlan(plan, fleet -> model, store, clock, telemetryEvery);
  }

  /** Asks a running {@link #run} to end after its current tick. */
  public void stop() {
    stopped = true;
  }

  /**
   * Runs the fleet until every trip ends, {@code runFor} passes (if positive) or {@link #stop()}.
   */
  public Report run(
      List<FleetPlan.Vehicle> plan,
      List<VehicleAgent> agents,
      boolean realtime,
      Duration runFor,
      Pacer pacer)
      throws InterruptedException {
    double rateHz = plan.get(0).trip().imu().rateHz();
    List<TripSimulator> sims = new ArrayList<>();
    List<SampleSink> sinks = new ArrayList<>();
    List<VehicleDetector> detectors = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      sims.add(new TripSimulator(plan.get(i).trip()));
      sinks.add(SimulatorInput.sinkFor(agents.get(i)));
      detectors.add(agents.get(i).detector());
    }
    ProtocolCodec codec = new ProtocolCodec(clock);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<BatchScorer> scorers = new ArrayList<>();
    for (int p = 0; p < threads; p++) {
      scorers.add(new BatchScorer(maxBatch));
    }
    long startNs = pacer.nanoTime();
    long endNs = runFor.isZero() ? Long.MAX_VALUE : startNs + runFor.toNanos();
    long nextTick = startNs;
    long ticks = 0;
    long overruns = 0;
    long target = 0;
    long[] totals = new long[3]; // samples, windows, events
    boolean anyRunning = true;
    try {
      while (!stopped && anyRunning && pacer.nanoTime() < endNs) {
        beforeTick.run();
        long tickStart = pacer.nanoTime();
        target =
            realtime
                ? (long) ((tickStart - startNs) / 1e9 * rateHz)
                : target + Math.round(rateHz); // one second of driving per tick
        long step = target;
        List<Future<long[]>> parts = new ArrayList<>();
        int n = plan.size();
        for (int p = 0; p < threads; p++) {
          int from = p * n / threads;
          int to = (p + 1) * n / threads;
          BatchScorer scorer = scorers.get(p);
          parts.add(
              pool.submit(
                  () ->
                      tick(
                          sims.subList(from, to),
                          sinks.subList(from, to),
                          detectors.subList(from, to),
                          agents.subList(from, to),
                          step,
                          rateHz,
                          scorer,
                          codec)));
        }
        anyRunning = false;
        for (Future<long[]> part : parts) {
          long[] r = get(part);
          totals[0] += r[0];
          totals[1] += r[1];
          totals[2] += r[2];
          anyRunning |= r[3] > 0;
        }
        afterTick.run();
        ticks++;
        if (pacer.nanoTime() - tickStart > TICK_NS) {
          overruns++;
        }
        if (realtime) {
          nextTick += TICK_NS;
          pacer.sleepUntil(nextTick);
        }
      }
      for (VehicleAgent a : agents) {
        totals[2] += a.finish(outbox, codec, metrics);
      }
      afterTick.run();
    } catch (IOException e) {
      throw new UncheckedIOException("outbox: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
    double simulated = sims.stream().mapToDouble(TripSimulator::elapsedS).max().orElse(0);
    return new Report(
        plan.size(),
        (pacer.nanoTime() - startNs) / 1e9,
        simulated,
        totals[0],
        totals[1],
        totals[2],
        ticks,
        overruns);
  }

  /** One worker's share of a tick: {samples, windows, events, vehicles still driving}. */
  private long[] tick(
      List<TripSimulator> sims,
      List<SampleSink> sinks,
      List<VehicleDetector> detectors,
      List<VehicleAgent> agents,
      long targetStep,
      double rateHz,
      BatchScorer scorer,
      ProtocolCodec codec)
      throws IOException {
    long samples = 0;
    long running = 0;
    for (int i = 0; i < sims.size(); i++) {
      TripSimulator sim = sims.get(i);
      SampleSink sink = sinks.get(i);
      boolean more = true;
      while (Math.round(sim.elapsedS() * rateHz) < targetStep && (more = sim.step(sink))) {
        samples++;
      }
      if (more) {
        running++;
      }
    }
    long before = scorer.windowsScored();
    long t0 = System.nanoTime();
    scorer.scoreAll(detectors);
    long windows = scorer.windowsScored() - before;
    metrics.batch(System.nanoTime() - t0, (int) windows);
    long events = 0;
    for (VehicleAgent agent : agents) {
      events += agent.flush(outbox, codec, metrics);
    }
    return new long[] {samples, windows, events, running};
  }

  private static long[] get(Future<long[]> part) throws InterruptedException {
    try {
      return part.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u;
      }
      throw new IllegalStateException("a vehicle's pipeline failed: " + cause, cause);
    }
  }
}
