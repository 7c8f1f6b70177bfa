package io.vigil.models.dataset;

import io.vigil.inference.input.InputHistograms;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.WindowFeatures;
import io.vigil.simulator.scenario.FleetPlan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Builds a {@link Dataset}: simulates (or reads) trips on worker threads, turns their windows into
 * {@link WindowFeatures} (what agents compute), and adds them in a fixed order so that the dataset,
 * and its fingerprint, do not depend on thread timing. It also counts the histograms of every
 * window's inputs, as agents count theirs ({@link #inputs()}): the package's drift reference.
 */
public final class DatasetBuilder {

  private final InputSpec spec;
  private final WindowFeatures features;
  private final int threads;
  private final PrintStream progress;
  private final InputHistograms inputs;

  public DatasetBuilder(InputSpec spec, int threads, PrintStream progress) {
    this.spec = spec;
    this.features = WindowFeatures.of(spec);
    this.threads = threads;
    this.progress = progress;
    this.inputs = new InputHistograms(spec);
  }

  /** The input histograms of every trip simulated or added so far. */
  public InputHistograms inputs() {
    return inputs;
  }

  /**
   * The augmentation mix of a training scenario: which condition and IMU rate each vehicle gets,
   * drawn from its seed (so the mix is as reproducible as the trips).
   */
  public static Condition trainingCondition(FleetPlan.Vehicle v) {
    double u = new SplittableRandom(v.trip().seed() ^ 0xc0de).nextDouble();
    return u < 0.55
        ? Condition.CALIBRATED
        : u < 0.75
            ? Condition.HEADING_UNKNOWN
            : u < 0.9 ? Condition.NO_GPS : Condition.NOTHING_KNOWN;
  }

  /** Device IMU rate for a training vehicle: mostly 50 Hz, some 40, 62.5 and 100 Hz. */
  public static double trainingRate(FleetPlan.Vehicle v) {
    double u = new SplittableRandom(v.trip().seed() ^ 0x4a7e).nextDouble();
    return u < 0.6 ? 50 : u < 0.7333 ? 40 : u < 0.8667 ? 62.5 : 100;
  }

  /** Simulates every vehicle with {@code condition(v)} at {@code rate(v)} Hz. */
  public Dataset simulate(
      List<FleetPlan.Vehicle> vehicles,
      Function<FleetPlan.Vehicle, Condition> condition,
      Function<FleetPlan.Vehicle, Double> rate,
      String what) {
    Dataset dataset = new Dataset(WindowFeatures.count(), spec.windowS());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long started = System.nanoTime();
    try {
      List<Future<Result>> futures = new ArrayList<>();
      for (FleetPlan.Vehicle v : vehicles) {
        futures.add(
            pool.submit(
                () -> featurize(SimulatedTrip.run(v, condition.apply(v), rate.apply(v), spec))));
      }
      for (int i = 0; i < futures.size(); i++) {
        Result r = futures.get(i).get();
        dataset.add(r.trip(), r.features());
        inputs.add(r.inputs());
        if ((i + 1) % Math.max(1, futures.size() / 10) == 0 || i + 1 == futures.size()) {
          progress.printf(
              "  %s: %d/%d vehicles, %,d windows, %.0f s%n",
              what, i + 1, futures.size(), dataset.size(), (System.nanoTime() - started) / 1e9);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("generating " + what + " failed: " + e.getCause(), e);
    } finally {
      pool.shutdownNow();
    }
    return dataset;
  }

  /** Adds a trip read from elsewhere (a recording) to {@code dataset}. */
  public void add(Dataset dataset, LabelledTrip trip) {
    Result r = featurize(trip);
    dataset.add(r.trip(), r.features());
    inputs.add(r.inputs());
  }

  /** The features of {@code count} raw windows laid out back to back. */
  public float[] features(float[] windows, int count) {
    return features.computeAll(windows, count);
  }

  private Result featurize(LabelledTrip trip) {
    float[] features = features(trip.windows().data(), trip.windows().count());
    InputHistograms counted = new InputHistograms(spec);
    counted.addAll(trip.windows().data(), trip.windows().count());
    trip.windows().release();
    return new Result(trip, features, counted);
  }

  private record Result(LabelledTrip trip, float[] features, InputHistograms inputs) {}
}
