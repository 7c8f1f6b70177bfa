package io.vigil.agent.detect;

import io.vigil.agent.calibrate.MountingCalibration;
import io.vigil.inference.decision.DetectedEvent;
import io.vigil.inference.decision.EventDecoder;
import io.vigil.inference.decision.TrackerState;
import io.vigil.inference.decision.WindowScore;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.VehicleFrame;
import io.vigil.inference.input.WindowAssembler;
import io.vigil.inference.input.WindowFeatures;
import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import io.vigil.protocol.GeoPosition;
import io.vigil.protocol.PeakAcceleration;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.SensorSnippet;
import io.vigil.protocol.WindowSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * One vehicle's detection pipeline: raw samples → mounting calibration → model windows (queued for
 * a batched inference across vehicles, see {@link BatchScorer}) → the manifest's event decoder →
 * safety events with peak g, severity and a sensor snippet. Sensor faults found in the raw stream
 * and runs of anomalous windows that no other event explains become events of their own. Fed from
 * one thread; events are collected until {@link #drainEvents()}.
 */
public final class VehicleDetector {

  private static final double HISTORY_S = 30;
  private static final long SNIPPET_MARGIN_NS = 1_000_000_000L;
  private static final long FIX_MAX_AGE_NS = 2_000_000_000L;
  private static final int ANOMALY_MIN_WINDOWS = 2;
  private static final int RECENT = 16;

  private final VehicleIdentity id;
  private DetectionModel model;
  private InputSpec spec;
  private WindowFeatures peaks;
  private long windowNs;
  private final MountingCalibration calibration;
  private long calibrationVersion;
  private WindowAssembler assembler;
  private FrameHistory history;
  private final SensorFaultDetector faults = new SensorFaultDetector();
  private final Instant timeBase;
  private final LongSupplier sequence;
  private TrackerState state;
  private float[] probabilities;

  private DetectionModel shadow;
  private TrackerState shadowState;
  private float[] shadowProbabilities;
  private long shadowWindows;
  private long shadowAgreeing;
  private long shadowActiveEvents;
  private long shadowEvents;
  private long skippedBeforeSwap;

  private float[] pending;
  private long[] pendingEndNs;
  private int pendingCount;

  private final long[] scoredEndNs = new long[RECENT * 4];
  private final float[] scoredAnomaly = new float[RECENT * 4];
  private long scoredCount;

  private long anomalyStartNs = -1;
  private long anomalyEndNs;
  private int anomalyWindows;
  private float anomalyPeak;

  private final long[] recentStartNs = new long[RECENT];
  private final long[] recentEndNs = new long[RECENT];
  private int recentCount;

  private long fixNs = Long.MIN_VALUE;
  private double fixSpeed;
  private double fixLat = Double.NaN;
  private double fixLon = Double.NaN;

  private final List<SafetyEvent> events = new ArrayList<>();
  private final UnflaggedSampler sampler = new UnflaggedSampler();
  private final List<WindowSample> windowSamples = new ArrayList<>();
  private InputStats inputStats;
  private long windowsScored;

  /**
   * @param timeBase the device time of sample time 0
   * @param sequence the device's monotonic event sequence numbers
   */
  public VehicleDetector(
      VehicleIdentity id,
      DetectionModel model,
      MountingCalibration calibration,
      Instant timeBase,
      LongSupplier sequence) {
    this.id = id;
    this.model = model;
    this.spec = model.spec();
    this.peaks = peaksOf(spec);
    this.windowNs = Math.round(spec.windowS() * 1e9);
    this.calibration = calibration;
    this.calibrationVersion = calibration.version();
    this.timeBase = timeBase;
    this.sequence = sequence;
    this.history = new FrameHistory(spec, HISTORY_S);
    this.inputStats = new InputStats(spec);
    this.pending = new float[spec.windowFloats() * 4];
    this.pendingEndNs = new long[4];
    this.assembler = new WindowAssembler(spec, calibration.frame(), this::queue);
    this.state = TrackerState.initial(model.classCount());
    this.probabilities = new float[model.classCount()];
  }

  /** One IMU sample, device axes: m/s² and rad/s, nanoseconds on the sample clock. */
  public void imu(long tNs, double ax, double ay, double az, double gx, double gy, double gz) {
    calibration.imu(tNs, ax, ay, az, gx, gy, gz);
    if (calibration.version() != calibrationVersion) {
      calibrationVersion = calibration.version();
      assembler.setFrame(calibration.frame());
    }
    assembler.imu(tNs, ax, ay, az, gx, gy, gz);
    List<SensorFaultDetector.FaultSpan> ended = faults.imu(tNs, ax, ay, az);
    for (SensorFaultDetector.FaultSpan f : ended) {
      faultEvent(f);
    }
  }

  /** One GPS fix: speed m/s, position in degrees (NaN when the fix has none). */
  public void gps(long tNs, double speedMps, double latitude, double longitude) {
    calibration.gps(tNs, speedMps);
    assembler.gps(tNs, speedMps);
    fixNs = tNs;
    fixSpeed = speedMps;
    fixLat = latitude;
    fixLon = longitude;
  }

  private void queue(long endNs, float[] window, int missingFrames) {
    history.add(endNs, window);
    inputStats.add(window);
    int floats = spec.windowFloats();
    if (pendingCount == pendingEndNs.length) {
      pendingEndNs = Arrays.copyOf(pendingEndNs, pendingCount * 2);
      pending = Arrays.copyOf(pending, pendingCount * 2 * floats);
    }
    System.arraycopy(window, 0, pending, pendingCount * floats, floats);
    pendingEndNs[pendingCount++] = endNs;
  }

  /**
   * Switches to {@code active} (and starts or stops a {@code candidate} in shadow) between windows,
   * with no window pending: the runtime calls it right after scoring. With the same input and
   * classes the switch is seamless: the window in progress and any event under way carry on under
   * the new model. A model with other classes first closes what the old one had open; one with
   * another input also restarts windowing (its first window comes one window length later).
   */
  public void useModels(DetectionModel active, Optional<DetectionModel> candidate) {
    if (active != model) {
      boolean sameInput = active.spec().equals(spec);
      if (!sameInput || !classNames(active).equals(classNames(model))) {
        for (DetectedEvent e : model.decoder().finish(state).events()) {
          modelEvent(e);
        }
        state = TrackerState.initial(active.classCount());
      }
      if (!sameInput) {
        skippedBeforeSwap += assembler.windowsSkipped();
        spec = active.spec();
        peaks = peaksOf(spec);
        windowNs = Math.round(spec.windowS() * 1e9);
        history = new FrameHistory(spec, HISTORY_S);
        inputStats = new InputStats(spec);
        pending = new float[spec.windowFloats() * 4];
        pendingEndNs = new long[4];
        pendingCount = 0;
        assembler = new WindowAssembler(spec, calibration.frame(), this::queue);
      }
      model = active;
      probabilities = new float[active.classCount()];
    }
    DetectionModel next = candidate.orElse(null);
    if (next != shadow) {
      shadow = next;
      shadowState = next == null ? null : TrackerState.initial(next.classCount());
      shadowProbabilities = next == null ? null : new float[next.classCount()];
      shadowWindows = 0;
      shadowAgreeing = 0;
      shadowActiveEvents = 0;
      shadowEvents = 0;
    }
  }

  /** What measures a window's horizontal peak, or null for inputs without both accelerations. */
  private static WindowFeatures peaksOf(InputSpec spec) {
    try {
      return WindowFeatures.of(spec);
    } catch (IllegalArgumentException e) {
      return null; // the decoder then judges no physical floor
    }
  }

  private static List<String> classNames(DetectionModel m) {
    return m.manifest().classes().stream().map(c -> c.name()).toList();
  }

  /** The model whose events this vehicle reports. */
  public DetectionModel model() {
    return model;
  }

  /** The candidate model running in shadow, or null. */
  DetectionModel shadow() {
    return shadow;
  }

  /** How the shadow model compares with the active one since it started, if one runs. */
  public Optional<io.vigil.protocol.Telemetry.Shadow> shadowStats() {
    if (shadow == null) {
      return Optional.empty();
    }
    return Optional.of(
        new io.vigil.protocol.Telemetry.Shadow(
            shadow.version(), shadowWindows, shadowAgreeing, shadowActiveEvents, shadowEvents));
  }

  /** Windows waiting to be scored. */
  int pendingWindows() {
    return pendingCount;
  }

  /** Copies pending windows {@code from..from+count} into {@code dst} at window {@code at}. */
  void copyPending(int from, int count, float[] dst, int at) {
    int floats = spec.windowFloats();
    System.arraycopy(pending, from * floats, dst, at * floats, count * floats);
  }

  /**
   * Takes the scores of the first {@code count} pending windows (rows {@code at..} of the batch
   * outputs) and decodes them into events; the shadow model's scores, when it runs, are only
   * compared and counted.
   */
  void scored(
      int count,
      float[] batchProbabilities,
      float[] batchAnomaly,
      int at,
      float[] shadowBatchProbabilities,
      float[] shadowBatchAnomaly) {
    int k = model.classCount();
    EventDecoder decoder = model.decoder();
    int floats = spec.windowFloats();
    for (int i = 0; i < count; i++) {
      long end = pendingEndNs[i];
      float peak = peaks == null ? Float.NaN : peaks.horizontalPeak(pending, i * floats);
      float anomaly = batchAnomaly[at + i];
      int slot = (int) (scoredCount++ % scoredEndNs.length);
      scoredEndNs[slot] = end;
      scoredAnomaly[slot] = anomaly;
      System.arraycopy(batchProbabilities, (at + i) * k, probabilities, 0, k);
      EventDecoder.Step step =
          decoder.update(state, new WindowScore(end - windowNs, end, probabilities, anomaly, peak));
      state = step.state();
      for (DetectedEvent e : step.events()) {
        modelEvent(e);
      }
      if (shadow != null && shadowBatchProbabilities != null) {
        compareShadow(end, peak, at + i, shadowBatchProbabilities, shadowBatchAnomaly);
      }
      trackAnomaly(end, anomaly);
      if (sampler.active()) {
        sampleUnflagged(end);
      }
      windowsScored++;
    }
    System.arraycopy(pending, count * floats, pending, 0, (pendingCount - count) * floats);
    System.arraycopy(pendingEndNs, count, pendingEndNs, 0, pendingCount - count);
    pendingCount -= count;
  }

  private void compareShadow(
      long end, float peak, int row, float[] batchProbabilities, float[] batchAnomaly) {
    int k = shadow.classCount();
    System.arraycopy(batchProbabilities, row * k, shadowProbabilities, 0, k);
    shadowWindows++;
    String activeClass = model.manifest().classes().get(argmax(probabilities)).name();
    if (activeClass.equals(shadow.manifest().classes().get(argmax(shadowProbabilities)).name())) {
      shadowAgreeing++;
    }
    EventDecoder.Step step =
        shadow
            .decoder()
            .update(
                shadowState,
                new WindowScore(end - windowNs, end, shadowProbabilities, batchAnomaly[row], peak));
    shadowState = step.state();
    for (DetectedEvent e : step.events()) {
      if (shadow.meaning(e.classIndex()).type().isPresent()) {
        shadowEvents++;
      }
    }
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Starts picking unflagged stretches for {@code r} from the next window on. */
  public void requestSamples(SampleRequest r) {
    sampler.start(r, history.latestNs());
  }

  private void sampleUnflagged(long end) {
    long start = end - windowNs;
    boolean quiet =
        state.openClass() < 0
            && anomalyStartNs < 0
            && !overlapsRecent(start - SNIPPET_MARGIN_NS, end);
    float eventProbability = 0;
    for (int c = 0; c < probabilities.length; c++) {
      if (model.meaning(c).type().isPresent()) {
        eventProbability = Math.max(eventProbability, probabilities[c]);
      }
    }
    sampler
        .window(start, end, quiet, eventProbability)
        .ifPresent(
            pick -> {
              VehicleFrame frame = calibration.frame();
              Instant deviceTime = timeBase.plusNanos(pick.startNs());
              windowSamples.add(
                  new WindowSample(
                      UUID.nameUUIDFromBytes(
                          (id.fleetId()
                                  + "/"
                                  + id.vehicleId()
                                  + "/"
                                  + pick.requestId()
                                  + "/"
                                  + deviceTime)
                              .getBytes(StandardCharsets.UTF_8)),
                      pick.requestId(),
                      id.fleetId(),
                      id.vehicleId(),
                      id.driverId(),
                      deviceTime,
                      model.version(),
                      Math.round(pick.maxEventProbability() * 1000) / 1000.0,
                      speedKmh(pick.endNs()),
                      history.snippet(pick.startNs(), pick.endNs(), pick.startNs(), frame)));
            });
  }

  /** The unflagged stretches picked since the last call, oldest first. */
  public List<WindowSample> drainWindowSamples() {
    return drained(windowSamples);
  }

  private static <T> List<T> drained(List<T> pending) {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<T> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  /** Ends the stream: open events and faults are reported. Pending windows must be scored first. */
  public void finish() {
    for (DetectedEvent e : model.decoder().finish(state).events()) {
      modelEvent(e);
    }
    state = TrackerState.initial(model.classCount());
    for (SensorFaultDetector.FaultSpan f : faults.finish()) {
      faultEvent(f);
    }
    closeAnomaly();
  }

  /** The events found since the last call, oldest first. */
  public List<SafetyEvent> drainEvents() {
    return drained(events);
  }

  /** Statistics of the model's input channels since the last call, for drift monitoring. */
  public List<io.vigil.protocol.Telemetry.FeatureStats> drainInputStats() {
    return inputStats.drain();
  }

  public VehicleIdentity identity() {
    return id;
  }

  public MountingCalibration calibration() {
    return calibration;
  }

  public long windowsScored() {
    return windowsScored;
  }

  /** Windows the assembler skipped for too many missing samples. */
  public long windowsSkipped() {
    return skippedBeforeSwap + assembler.windowsSkipped();
  }

  private void trackAnomaly(long end, float anomaly) {
    if (anomaly >= model.anomalyThreshold()) {
      if (anomalyStartNs < 0) {
        anomalyStartNs = end - windowNs;
        anomalyPeak = 0;
        anomalyWindows = 0;
      }
      anomalyEndNs = end;
      anomalyWindows++;
      anomalyPeak = Math.max(anomalyPeak, anomaly);
    } else {
      closeAnomaly();
    }
  }

  private void closeAnomaly() {
    if (anomalyStartNs < 0) {
      return;
    }
    long start = anomalyStartNs;
    anomalyStartNs = -1;
    if (anomalyWindows < ANOMALY_MIN_WINDOWS || overlapsRecent(start, anomalyEndNs)) {
      return;
    }
    float threshold = model.anomalyThreshold();
    emit(
        EventType.UNKNOWN_ANOMALY,
        Optional.empty(),
        Math.min(1, anomalyPeak / (2 * threshold)),
        start,
        anomalyEndNs);
  }

  private void modelEvent(DetectedEvent e) {
    DetectionModel.ClassMeaning meaning = model.meaning(e.classIndex());
    if (meaning.type().isEmpty()) {
      return;
    }
    if (shadow != null) {
      shadowActiveEvents++;
    }
    emit(meaning.type().get(), meaning.direction(), e.peakProbability(), e.startNs(), e.endNs());
  }

  private void faultEvent(SensorFaultDetector.FaultSpan f) {
    emit(EventType.SENSOR_FAULT, Optional.empty(), 1.0, f.startNs(), f.endNs());
  }

  private void emit(
      EventType type, Optional<Direction> direction, double confidence, long startNs, long endNs) {
    VehicleFrame frame = calibration.frame();
    PeakAcceleration peak = history.peaks(startNs, endNs);
    if (!frame.headingKnown()) {
      peak =
          EventShape.horizontalByClass(
              type, direction, history.horizontalPeakG(startNs, endNs), peak);
    } else if (type == EventType.COLLISION && direction.isEmpty()) {
      direction = EventShape.impactDirection(peak);
    }
    SensorSnippet snippet =
        history.snippet(
            startNs - SNIPPET_MARGIN_NS,
            Math.min(history.latestNs(), endNs + SNIPPET_MARGIN_NS),
            startNs,
            frame);
    Optional<Double> speed = speedKmh(endNs);
    Optional<GeoPosition> position =
        speed.isPresent() && !Double.isNaN(fixLat) && !Double.isNaN(fixLon)
            ? Optional.of(new GeoPosition(fixLat, fixLon))
            : Optional.empty();
    long seq = sequence.getAsLong();
    Instant deviceTime = timeBase.plusNanos(startNs);
    UUID eventId =
        UUID.nameUUIDFromBytes(
            (id.fleetId() + "/" + id.vehicleId() + "/" + seq + "/" + deviceTime)
                .getBytes(StandardCharsets.UTF_8));
    events.add(
        new SafetyEvent(
            eventId,
            id.fleetId(),
            id.vehicleId(),
            id.driverId(),
            deviceTime,
            seq,
            type,
            direction,
            SeverityRule.of(type, peak),
            Math.max(0, Math.min(1, Math.round(confidence * 1000) / 1000.0)),
            Math.round(maxAnomaly(startNs, endNs) * 1000) / 1000.0,
            Math.max(0, (endNs - startNs) / 1_000_000),
            peak,
            speed,
            position,
            model.version(),
            snippet));
    int slot = recentCount++ % RECENT;
    recentStartNs[slot] = startNs;
    recentEndNs[slot] = endNs;
  }

  /** The last fix's speed, km/h to 0.1, if it is at most 2 s older than {@code atNs}. */
  private Optional<Double> speedKmh(long atNs) {
    boolean fresh = fixNs != Long.MIN_VALUE && atNs - fixNs <= FIX_MAX_AGE_NS;
    return fresh ? Optional.of(Math.round(fixSpeed * 3.6 * 10) / 10.0) : Optional.empty();
  }

  private boolean overlapsRecent(long startNs, long endNs) {
    for (int i = 0; i < Math.min(recentCount, RECENT); i++) {
      if (recentStartNs[i] <= endNs && recentEndNs[i] >= startNs) {
        return true;
      }
    }
    return false;
  }

  private double maxAnomaly(long startNs, long endNs) {
    double max = 0;
    for (int i = 0; i < Math.min(scoredCount, scoredEndNs.length); i++) {
      // the window [end − W, end] overlaps the event
      if (scoredEndNs[i] >= startNs && scoredEndNs[i] - windowNs <= endNs) {
        max = Math.max(max, scoredAnomaly[i]);
      }
    }
    return max;
  }
}
