package io.vigil.models.dataset;

import io.vigil.simulator.drive.Label;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Labelled windows as feature rows, with the trip each came from (splits are by trip, never by
 * window, because overlapping windows of one trip would leak between splits). Trips are added whole
 * and kept in the order added.
 */
public final class Dataset {

  /**
   * What is kept of a trip once its windows are features.
   *
   * @param id vehicle or recording id
   * @param source "simulated", "recording" or "reviewed"
   * @param condition what the agent knew
   * @param labels ground truth
   * @param durationS length, seconds
   * @param firstRow index of the trip's first row
   * @param rows number of rows (windows) of the trip
   */
  public record TripInfo(
      String id,
      String source,
      Condition condition,
      List<Label> labels,
      double durationS,
      int firstRow,
      int rows) {}

  private final int features;
  private final double windowS;
  private float[] x = new float[0];
  private int[] label = new int[0];
  private float[] endS = new float[0];
  private byte[] flags = new byte[0];
  private int size;
  private final List<TripInfo> trips = new ArrayList<>();

  private static final byte FAULT = 1;
  private static final byte HARD_NEGATIVE = 2;

  public Dataset(int features, double windowS) {
    this.features = features;
    this.windowS = windowS;
  }

  /** Adds a trip's windows as rows ({@code featureRows}: one row of features per window). */
  public synchronized void add(LabelledTrip trip, float[] featureRows) {
    int n = trip.windows().count();
    ensure(size + n);
    System.arraycopy(featureRows, 0, x, size * features, n * features);
    for (int i = 0; i < n; i++) {
      double end = trip.windows().endNs(i) / 1e9;
      WindowLabel l = WindowLabel.of(trip.labels(), end - windowS, end);
      label[size + i] = l.classIndex();
      endS[size + i] = (float) end;
      flags[size + i] =
          (byte) ((l.sensorFault() ? FAULT : 0) | (l.hardNegative() ? HARD_NEGATIVE : 0));
    }
    trips.add(
        new TripInfo(
            trip.id(), trip.source(), trip.condition(), trip.labels(), trip.durationS(), size, n));
    size += n;
  }

  private void ensure(int capacity) {
    if (capacity > label.length) {
      int c = Math.max(capacity, label.length * 2);
      x = Arrays.copyOf(x, c * features);
      label = Arrays.copyOf(label, c);
      endS = Arrays.copyOf(endS, c);
      flags = Arrays.copyOf(flags, c);
    }
  }

  public int size() {
    return size;
  }

  public int features() {
    return features;
  }

  /** Row {@code i}'s features (the backing array; row i starts at {@code i × features()}). */
  public float[] x() {
    return x;
  }

  public int label(int i) {
    return label[i];
  }

  public float endS(int i) {
    return endS[i];
  }

  public boolean sensorFault(int i) {
    return (flags[i] & FAULT) != 0;
  }

  public boolean hardNegative(int i) {
    return (flags[i] & HARD_NEGATIVE) != 0;
  }

  public List<TripInfo> trips() {
    return List.copyOf(trips);
  }

  /** Windows per class (ambiguous windows not counted). */
  public int[] classCounts() {
    int[] counts = new int[WindowClass.count()];
    for (int i = 0; i < size; i++) {
      if (label[i] >= 0) {
        counts[label[i]]++;
      }
    }
    return counts;
  }

  /** SHA-256 over every row's features and label, in trip order: identifies the data exactly. */
  public String fingerprint() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((features + 1) * 4);
      for (int i = 0; i < size; i++) {
        b.clear();
        for (int j = 0; j < features; j++) {
          b.putFloat(x[i * features + j]);
        }
        b.putInt(label[i]);
        d.update(b.array());
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
