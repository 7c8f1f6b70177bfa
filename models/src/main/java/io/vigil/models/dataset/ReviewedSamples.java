package io.vigil.models.dataset;

import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.VehicleFrame;
import io.vigil.inference.input.WindowAssembler;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.protocol.EventType;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.SensorSnippet;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.WindowSample;
import io.vigil.protocol.dataset.SampleDataset;
import io.vigil.protocol.json.InvalidMessageException;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads training samples exported by the cloud service (a dataset directory of {@code vigil
 * export-samples}, checked against its manifest, or JSON lines of {@link TrainingSample}, {@code
 * .gz} allowed) into trips the dataset can take: each reviewed event's sensor snippet becomes a
 * short trip of windows, labelled with the review's truth (a dismissed event is normal driving, a
 * relabelled one takes the reviewer's type). Trips carry the vehicle id, so the train/validation
 * split keeps a vehicle's samples together. Unreviewed samples, unknown anomalies (no classifier
 * class) and snippets shorter than a window are counted and left out. The unflagged stretches
 * agents uploaded on request ({@link WindowSample}, a dataset's windows file or lines of their own
 * in a JSON-lines file) become trips of normal driving.
 */
public final class ReviewedSamples {

  private ReviewedSamples() {}

  /**
   * What was read.
   *
   * @param trips one trip per usable reviewed sample
   * @param unreviewed samples without a review
   * @param noClass samples whose truth is an unknown anomaly
   * @param tooShort snippets that make no full window
   * @param windows of the trips, those made of unflagged stretches
   */
  public record Result(
      List<LabelledTrip> trips,
      int unreviewed,
      int noClass,
      int tooShort,
      int windows,
      String sha256,
      Optional<String> dataset) {
    public Result {
      trips = List.copyOf(trips);
    }

    public int lines() {
      return trips.size() + unreviewed + noClass + tooShort;
    }
  }

  /**
   * Reads {@code file}. A malformed line is an IOException naming the file, the line and the field:
   * an export that cannot be read completely is not silently used in part.
   */
  public static Result read(Path path, InputSpec spec, Clock clock) throws IOException {
    List<LabelledTrip> trips = new ArrayList<>();
    int unreviewed = 0;
    int noClass = 0;
    int tooShort = 0;
    Source source = load(path, clock);
    for (TrainingSample sample : source.samples()) {
      if (sample.review().isEmpty()) {
        unreviewed++;
        continue;
      }
      Optional<TrainingSample.Labelled> truth = sample.truth();
      if (truth.isPresent() && truth.get().type() == EventType.UNKNOWN_ANOMALY) {
        noClass++;
        continue;
      }
      LabelledTrip trip = trip(sample.event(), truth, spec);
      if (trip.windows().count() == 0) {
        tooShort++;
        continue;
      }
      trips.add(trip);
    }
    int windows = 0;
    for (WindowSample w : source.windows()) {
      LabelledTrip trip = trip(w, spec);
      if (trip.windows().count() == 0) {
        tooShort++;
        continue;
      }
      trips.add(trip);
      windows++;
    }
    return new Result(
        trips, unreviewed, noClass, tooShort, windows, source.sha256(), source.dataset());
  }

  /**
   * What a path holds, read once: its samples and unflagged stretches, its fingerprint (a dataset's
   * from its manifest, a file's SHA-256) and, for a dataset, its version.
   */
  public record Source(
      List<TrainingSample> samples,
      List<WindowSample> windows,
      String sha256,
      Optional<String> dataset) {}

  /**
   * Reads a dataset directory (used only if it matches its manifest) or a JSON-lines file ({@code
   * .gz} allowed); a malformed line is an IOException naming the file, the line and the field.
   */
  public static Source load(Path path, Clock clock) throws IOException {
    ProtocolCodec codec = new ProtocolCodec(clock);
    if (Files.isDirectory(path)) {
      SampleDataset.Contents d = SampleDataset.read(path, codec);
      return new Source(
          d.samples(),
          d.windows(),
          d.manifest().windowsSha256().isEmpty()
              ? d.manifest().sha256()
              : d.manifest().sha256() + "+" + d.manifest().windowsSha256(),
          Optional.of(d.manifest().version()));
    }
    byte[] bytes = Files.readAllBytes(path);
    List<TrainingSample> out = new ArrayList<>();
    List<WindowSample> windows = new ArrayList<>();
    try (InputStream raw = new java.io.ByteArrayInputStream(bytes);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    path.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw,
                    StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        byte[] lineBytes = line.getBytes(StandardCharsets.UTF_8);
        try {
          out.add(codec.decode(lineBytes, TrainingSample.class));
        } catch (InvalidMessageException e) {
          // A line of its own may be an unflagged stretch; otherwise the sample's error tells why.
          try {
            windows.add(codec.decode(lineBytes, WindowSample.class));
          } catch (InvalidMessageException notAWindow) {
            throw new IOException(path + ":" + number + ": " + e.getMessage());
          }
        }
      }
    }
    return new Source(out, windows, ModelPackage.sha256(bytes), Optional.empty());
  }

  /** An unflagged stretch as a trip of normal driving. */
  static LabelledTrip trip(WindowSample w, InputSpec spec) {
    return trip(w.snippet(), w.speedKmh(), w.vehicleId(), "unflagged", List.of(), spec);
  }

  /** The snippet as a trip: time 0 is its first sample, the label spans the reviewed event. */
  static LabelledTrip trip(
      SafetyEvent event, Optional<TrainingSample.Labelled> truth, InputSpec spec) {
    SensorSnippet s = event.snippet();
    List<Label> labels = new ArrayList<>();
    double startS = -s.startOffsetMs() / 1000.0;
    truth.ifPresent(
        t ->
            labels.add(
                new Label(
                    startS,
                    startS + event.durationMs() / 1000.0,
                    labelKind(t.type()),
                    t.direction().map(d -> d.wireName()),
                    event.peak().longitudinalG(),
                    event.peak().lateralG(),
                    event.peak().verticalG())));
    return trip(s, event.speedKmh(), event.vehicleId(), "reviewed", labels, spec);
  }

  private static LabelledTrip trip(
      SensorSnippet s,
      Optional<Double> speedKmh,
      String vehicleId,
      String kind,
      List<Label> labels,
      InputSpec spec) {
    VehicleFrame frame =
        s.frame() == SensorSnippet.Frame.VEHICLE
            ? VehicleFrame.identity()
            : VehicleFrame.fromGravity(mean(s.ax()), mean(s.ay()), mean(s.az()));
    RawWindows windows = new RawWindows(spec);
    WindowAssembler assembler = new WindowAssembler(spec, frame, windows);
    double periodNs = 1e9 / s.rateHz();
    // The event carries one speed; hold it over the snippet, refreshed well within the max age.
    long refreshNs = Math.round(spec.speedMaxAgeS() * 1e9 / 2);
    long lastGps = Long.MIN_VALUE;
    for (int i = 0; i < s.length(); i++) {
      long t = Math.round(i * periodNs);
      if (speedKmh.isPresent() && (lastGps == Long.MIN_VALUE || t - lastGps >= refreshNs)) {
        assembler.gps(t, speedKmh.get() / 3.6);
        lastGps = t;
      }
      assembler.imu(t, s.ax()[i], s.ay()[i], s.az()[i], s.gx()[i], s.gy()[i], s.gz()[i]);
    }
    return new LabelledTrip(
        vehicleId,
        kind,
        Condition.of(frame.headingKnown(), speedKmh.isPresent()),
        labels,
        windows,
        s.length() / s.rateHz());
  }

  private static LabelKind labelKind(EventType type) {
    return switch (type) {
      case HARSH_BRAKING -> LabelKind.HARSH_BRAKING;
      case HARSH_ACCELERATION -> LabelKind.HARSH_ACCELERATION;
      case HARSH_CORNERING -> LabelKind.HARSH_CORNERING;
      case AGGRESSIVE_LANE_CHANGE -> LabelKind.AGGRESSIVE_LANE_CHANGE;
      case COLLISION -> LabelKind.COLLISION;
      case SENSOR_FAULT -> LabelKind.SENSOR_FAULT;
      case UNKNOWN_ANOMALY -> throw new IllegalArgumentException("no label for an unknown anomaly");
    };
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
