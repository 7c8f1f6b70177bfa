package io.vigil.inference.input;

/**
 * Turns one vehicle's raw, irregular IMU and GPS samples into the model's input windows: rotates
 * each IMU sample into the vehicle frame, resamples onto the model's clock by linear interpolation
 * (any device rate, with jitter), holds the latest GPS speed, and every hop hands the last window
 * to a {@link WindowSink}. Frames inside a gap longer than {@code maxGapS} count as missing and
 * hold the last value; windows with too many of them are skipped and counted. No allocation per
 * sample. Not thread-safe: one instance per vehicle, fed from one thread.
 */
public final class WindowAssembler {

  private static final int IMU_CHANNELS = 6;

  private final InputSpec spec;
  private final WindowSink sink;
  private final long periodNs;
  private final long maxGapNs;
  private final long speedMaxAgeNs;
  private final int frames;
  private final int channels;
  private final int[] imuIndex = new int[IMU_CHANNELS]; // input channel of each IMU value, or -1
  private final int speedIndex;
  private final int speedValidIndex;
  private final int headingIndex;
  private final float[][] ring; // [channel][frame]
  private final boolean[] missingRing;
  private final float[] window;
  private final double[] previous = new double[IMU_CHANNELS];
  private final double[] current = new double[IMU_CHANNELS];
  private VehicleFrame frame;
  private long previousNs = Long.MIN_VALUE;
  private long nextFrameNs = Long.MIN_VALUE;
  private long lastFixNs = Long.MIN_VALUE;
  private double lastSpeed;
  private long written;
  private int missingInRing;
  private int sinceWindow;
  private long windowsEmitted;
  private long windowsSkipped;
  private long samplesOutOfOrder;

  public WindowAssembler(InputSpec spec, VehicleFrame frame, WindowSink sink) {
    this.spec = spec;
    this.frame = frame;
    this.sink = sink;
    this.periodNs = Math.round(1e9 / spec.rateHz());
    this.maxGapNs = 3 * periodNs;
    this.speedMaxAgeNs = Math.round(spec.speedMaxAgeS() * 1e9);
    this.frames = spec.windowSamples();
    this.channels = spec.channels().size();
    java.util.Arrays.fill(imuIndex, -1);
    ModelChannel[] imu = {
      ModelChannel.ACCEL_X, ModelChannel.ACCEL_Y, ModelChannel.ACCEL_Z,
      ModelChannel.GYRO_X, ModelChannel.GYRO_Y, ModelChannel.GYRO_Z
    };
    for (int i = 0; i < IMU_CHANNELS; i++) {
      imuIndex[i] = spec.channels().indexOf(imu[i]);
    }
    this.speedIndex = spec.channels().indexOf(ModelChannel.SPEED);
    this.speedValidIndex = spec.channels().indexOf(ModelChannel.SPEED_VALID);
    this.headingIndex = spec.channels().indexOf(ModelChannel.HEADING_KNOWN);
    this.ring = new float[channels][frames];
    this.missingRing = new boolean[frames];
    this.window = new float[channels * frames];
  }

  /** Uses {@code newFrame} for samples from now on (a calibration update). */
  public void setFrame(VehicleFrame newFrame) {
    this.frame = newFrame;
  }

  /** One IMU sample in the device's axes: specific force m/s², angular velocity rad/s. */
  public void imu(long tNs, double ax, double ay, double az, double gx, double gy, double gz) {
    if (previousNs != Long.MIN_VALUE && tNs <= previousNs) {
      samplesOutOfOrder++;
      return;
    }
    frame.toVehicle(ax, ay, az, current, 0);
    frame.toVehicle(gx, gy, gz, current, 3);
    if (previousNs == Long.MIN_VALUE) {
      nextFrameNs = tNs;
    } else {
      boolean gap = tNs - previousNs > maxGapNs;
      while (nextFrameNs <= tNs) {
        double u = (double) (nextFrameNs - previousNs) / (tNs - previousNs);
        append(nextFrameNs, gap, u);
        nextFrameNs += periodNs;
      }
    }
    System.arraycopy(current, 0, previous, 0, IMU_CHANNELS);
    previousNs = tNs;
  }

  /** One GPS speed, m/s. */
  public void gps(long tNs, double speedMps) {
    lastFixNs = tNs;
    lastSpeed = speedMps;
  }

  private void append(long tNs, boolean gap, double u) {
    int slot = (int) (written % frames);
    if (missingRing[slot]) {
      missingInRing--;
    }
    for (int i = 0; i < IMU_CHANNELS; i++) {
      if (imuIndex[i] >= 0) {
        double value = gap ? previous[i] : previous[i] + (current[i] - previous[i]) * u;
        ring[imuIndex[i]][slot] = (float) value;
      }
    }
    boolean speedKnown = lastFixNs != Long.MIN_VALUE && tNs - lastFixNs <= speedMaxAgeNs;
    if (speedIndex >= 0) {
      ring[speedIndex][slot] = speedKnown ? (float) lastSpeed : 0f;
    }
    if (speedValidIndex >= 0) {
      ring[speedValidIndex][slot] = speedKnown ? 1f : 0f;
    }
    if (headingIndex >= 0) {
      ring[headingIndex][slot] = frame.headingKnown() ? 1f : 0f;
    }
    missingRing[slot] = gap;
    if (gap) {
      missingInRing++;
    }
    written++;
    sinceWindow++;
    if (written >= frames && sinceWindow >= spec.hopSamples()) {
      sinceWindow = 0;
      emit(tNs);
    }
  }

  private void emit(long endNs) {
    if (missingInRing > spec.maxMissingFraction() * frames) {
      windowsSkipped++;
      return;
    }
    int oldest = (int) (written % frames);
    int tail = frames - oldest;
    for (int c = 0; c < channels; c++) {
      System.arraycopy(ring[c], oldest, window, c * frames, tail);
      System.arraycopy(ring[c], 0, window, c * frames + tail, oldest);
    }
    windowsEmitted++;
    sink.window(endNs, window, missingInRing);
  }

  public long windowsEmitted() {
    return windowsEmitted;
  }

  /** Windows not handed on because too many of their frames were missing. */
  public long windowsSkipped() {
    return windowsSkipped;
  }

  /** IMU samples dropped because their timestamp did not advance. */
  public long samplesOutOfOrder() {
    return samplesOutOfOrder;
  }
}
