package io.vigil.agent.detect;

import java.util.List;

/**
 * Scores the pending windows of many vehicles with one shared model session, in batches of up to
 * {@code maxBatch} windows: one ONNX Runtime call per batch instead of one per window is what lets
 * one JVM keep thousands of vehicles in real time. Reuses its buffers; one thread at a time.
 */
public final class BatchScorer {

  private final DetectionModel model;
  private final int maxBatch;
  private final float[] windows;
  private final float[] probabilities;
  private final float[] anomaly;
  private final int[] partDetector;
  private final int[] partWindows;
  private long batches;
  private long windowsScored;

  public BatchScorer(DetectionModel model, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be ≥ 1");
    }
    this.model = model;
    this.maxBatch = maxBatch;
    this.windows = new float[maxBatch * model.spec().windowFloats()];
    this.probabilities = new float[maxBatch * model.classCount()];
    this.anomaly = new float[maxBatch];
    this.partDetector = new int[maxBatch];
    this.partWindows = new int[maxBatch];
  }

  /** Scores every pending window of {@code detectors} and lets each decode its scores. */
  public void scoreAll(List<VehicleDetector> detectors) {
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
          v.copyPending(0, take, windows, count);
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
      model.score(windows, count, probabilities, anomaly);
      batches++;
      windowsScored += count;
      int row = 0;
      for (int p = 0; p < parts; p++) {
        detectors.get(partDetector[p]).scored(partWindows[p], probabilities, anomaly, row);
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
