package io.vigil.agent.detect;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the pending windows of many vehicles with their shared model session, in batches of up to
 * {@code maxBatch} windows: one ONNX Runtime call per batch instead of one per window is what lets
 * one JVM keep thousands of vehicles in real time. Vehicles running different models (fleets
 * mid-update) are batched per model; a shadow model scores the same batch after the active one.
 * Reuses its buffers; one thread at a time.
 */
public final class BatchScorer {

  /** Batch buffers for one model (and its shadow, if any). */
  private static final class Buffers {
    final float[] windows;
    final float[] probabilities;
    final float[] anomaly;
    float[] shadowProbabilities = new float[0];
    final float[] shadowAnomaly;

    Buffers(DetectionModel model, int maxBatch) {
      windows = new float[maxBatch * model.spec().windowFloats()];
      probabilities = new float[maxBatch * model.classCount()];
      anomaly = new float[maxBatch];
      shadowAnomaly = new float[maxBatch];
    }
  }

  private final int maxBatch;
  private final Map<DetectionModel, Buffers> buffers = new IdentityHashMap<>();
  private final List<VehicleDetector> group = new ArrayList<>();
  private final int[] partDetector;
  private final int[] partWindows;
  private long batches;
  private long windowsScored;

  public BatchScorer(int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be ≥ 1");
    }
    this.maxBatch = maxBatch;
    this.partDetector = new int[maxBatch];
    this.partWindows = new int[maxBatch];
  }

  /** Scores every pending window of {@code detectors} and lets each decode its scores. */
  public void scoreAll(List<VehicleDetector> detectors) {
    if (detectors.isEmpty()) {
      return;
    }
    DetectionModel first = detectors.get(0).model();
    boolean mixed = false;
    for (VehicleDetector v : detectors) {
      mixed |= v.model() != first;
    }
    if (!mixed) {
      scoreGroup(detectors);
      return;
    }
    Map<DetectionModel, Boolean> done = new IdentityHashMap<>();
    for (VehicleDetector v : detectors) {
      if (done.put(v.model(), Boolean.TRUE) == null) {
        group.clear();
        for (VehicleDetector w : detectors) {
          if (w.model() == v.model()) {
            group.add(w);
          }
        }
        scoreGroup(group);
      }
    }
    group.clear();
    if (buffers.size() > done.size() + 2) {
      buffers.clear(); // models replaced by updates: let their buffers go
    }
  }

  /** Scores detectors that all run the same model (and the same shadow). */
  private void scoreGroup(List<VehicleDetector> detectors) {
    DetectionModel model = detectors.get(0).model();
    DetectionModel shadow = detectors.get(0).shadow();
    Buffers b = buffers.computeIfAbsent(model, m -> new Buffers(m, maxBatch));
    if (shadow != null && b.shadowProbabilities.length != maxBatch * shadow.classCount()) {
      b.shadowProbabilities = new float[maxBatch * shadow.classCount()];
    }
    int next = 0;
    while (true) {
      int count = 0;
      int parts = 0;
      // Fill a batch; a detector's scored windows leave its queue, so each starts at its window 0.
      while (next < detectors.size() && count < maxBatch) {
        VehicleDetector v = detectors.get(next);
        int available = v.pendingWindows();
        int take = Math.min(available, maxBatch - count);
        if (take > 0) {
          v.copyPending(0, take, b.windows, count);
          partDetector[parts] = next;
          partWindows[parts++] = take;
          count += take;
        }
        if (take < available) {
          break; // the batch is full; this detector continues in the next one
        }
        next++;
      }
      if (count == 0) {
        return;
      }
      model.score(b.windows, count, b.probabilities, b.anomaly);
      if (shadow != null) {
        shadow.score(b.windows, count, b.shadowProbabilities, b.shadowAnomaly);
      }
      batches++;
      windowsScored += count;
      int row = 0;
      for (int p = 0; p < parts; p++) {
        detectors
            .get(partDetector[p])
            .scored(
                partWindows[p],
                b.probabilities,
                b.anomaly,
                row,
                shadow == null ? null : b.shadowProbabilities,
                b.shadowAnomaly);
        row += partWindows[p];
      }
    }
  }

  public long batches() {
    return batches;
  }

  public long windowsScored() {
    return windowsScored;
  }
}
