package io.vigil.simulator.scenario;

import io.vigil.simulator.Trip;
import io.vigil.simulator.TripSimulator;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import io.vigil.simulator.record.RecordingWriter;
import io.vigil.simulator.sensor.Mounting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulates every vehicle of a scenario as fast as possible and writes one recording per vehicle to
 * {@code out/{fleet}/{vehicle}/} (samples.csv and labels.csv). Vehicles run in parallel; each
 * vehicle's output depends only on the scenario, so it is the same for any thread count.
 */
public final class FleetRecorder {

  /** Counters readable while the recording runs. */
  public static final class Progress {
    private final int vehicles;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong samples = new AtomicLong();
    private final Map<LabelKind, AtomicInteger> labels = new EnumMap<>(LabelKind.class);

    Progress(int vehicles) {
      this.vehicles = vehicles;
      for (LabelKind kind : LabelKind.values()) {
        labels.put(kind, new AtomicInteger());
      }
    }

    public int vehicles() {
      return vehicles;
    }

    public int vehiclesDone() {
      return done.get();
    }

    public long samples() {
      return samples.get();
    }

    /** Labelled safety events so far, over all vehicles. */
    public int safetyEvents() {
      return labels.entrySet().stream()
          .filter(e -> e.getKey().isSafetyEvent())
          .mapToInt(e -> e.getValue().get())
          .sum();
    }

    /** Labels so far by kind. */
    public Map<LabelKind, Integer> labels() {
      Map<LabelKind, Integer> copy = new EnumMap<>(LabelKind.class);
      labels.forEach((k, v) -> copy.put(k, v.get()));
      return copy;
    }
  }

  private final Scenario scenario;
  private final Path out;
  private final int threads;
  private final Progress progress;

  public FleetRecorder(Scenario scenario, Path out, int threads) {
    this.scenario = scenario;
    this.out = out;
    this.threads = Math.max(1, threads);
    this.progress = new Progress(scenario.vehicleCount());
  }

  public Progress progress() {
    return progress;
  }

  /** Records every vehicle; returns when all are written. */
  public void run() throws IOException, InterruptedException {
    List<FleetPlan.Vehicle> vehicles = FleetPlan.of(scenario);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (FleetPlan.Vehicle v : vehicles) {
        work.add(pool.submit(() -> record(v)));
      }
      for (Future<?> f : work) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UncheckedIOException io) {
            throw io.getCause();
          }
          throw new IOException("simulation failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Void record(FleetPlan.Vehicle v) {
    Path dir = out.resolve(v.fleetId()).resolve(v.vehicleId());
    Mounting m = v.trip().mounting();
    String metadata =
        String.format(
            Locale.ROOT,
            "scenario=%s%nfleet=%s%nvehicle=%s%ndriver=%s%nseed=%d%npersona=%s%n"
                + "mounting_yaw_deg=%.3f%nmounting_pitch_deg=%.3f%nmounting_roll_deg=%.3f",
            scenario.name(),
            v.fleetId(),
            v.vehicleId(),
            v.driverId(),
            v.trip().seed(),
            v.trip().persona().name(),
            Math.toDegrees(m.yawRad()),
            Math.toDegrees(m.pitchRad()),
            Math.toDegrees(m.rollRad()));
    try (RecordingWriter writer = new RecordingWriter(dir, v.trip().imu().rateHz(), metadata)) {
      Trip trip = new TripSimulator(v.trip()).run(writer);
      writer.writeLabels(trip);
      progress.samples.addAndGet(trip.imuSamples());
      for (Label l : trip.labels()) {
        progress.labels.get(l.kind()).incrementAndGet();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    progress.done.incrementAndGet();
    return null;
  }
}
