package io.vigil.models.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.inference.input.InputSpec;
import io.vigil.protocol.Review;
import io.vigil.protocol.SensorSnippet;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.WindowSample;
import io.vigil.simulator.drive.LabelKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the cloud's training-sample exports into labelled trips. */
class ReviewedSamplesTest {

  @TempDir Path dir;
  private final InputSpec spec = InputSpec.v1();

  @Test
  void eachVerdictGivesItsTruthAndUnreviewedSamplesAreCounted() throws Exception {
    Path file = ReviewedSampleFiles.write(dir.resolve("s.jsonl"), ReviewedSampleFiles.mixed());

    ReviewedSamples.Result r = ReviewedSamples.read(file, spec, Clock.systemUTC());

    assertThat(r.trips()).extracting(LabelledTrip::id).containsExactly("van-1", "van-2", "van-3");
    assertThat(r.unreviewed()).isEqualTo(1);
    assertThat(r.lines()).isEqualTo(4);
    LabelledTrip confirmed = r.trips().get(0);
    assertThat(confirmed.source()).isEqualTo("reviewed");
    assertThat(confirmed.condition()).isEqualTo(Condition.CALIBRATED);
    assertThat(confirmed.labels())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.kind()).isEqualTo(LabelKind.HARSH_BRAKING);
              assertThat(l.startS()).isEqualTo(2.0);
              assertThat(l.endS()).isEqualTo(4.0);
            });
    assertThat(r.trips().get(1).labels()).isEmpty();
    assertThat(r.trips().get(2).labels())
        .extracting(l -> l.kind())
        .containsExactly(LabelKind.HARSH_ACCELERATION);
  }

  /** Five seconds of steady cruising in the device's axes, which the model left alone. */
  private static WindowSample cruising(String vehicle) {
    int n = 250;
    double[] ax = new double[n];
    double[] ay = new double[n];
    double[] az = new double[n];
    for (int i = 0; i < n; i++) {
      ax[i] = 0.05 * Math.sin(i / 10.0);
      ay[i] = 0.04 * Math.cos(i / 13.0);
      az[i] = 9.80665;
    }
    return new WindowSample(
        UUID.nameUUIDFromBytes(vehicle.getBytes(StandardCharsets.UTF_8)),
        UUID.fromString("c0ffee00-1234-4abc-9def-0123456789ab"),
        "acme",
        vehicle,
        "driver-1",
        ReviewedSampleFiles.T.plusSeconds(300),
        "1.0.0",
        0.07,
        Optional.of(90.0),
        new SensorSnippet(
            50,
            0,
            SensorSnippet.Frame.DEVICE,
            ax,
            ay,
            az,
            new double[n],
            new double[n],
            new double[n]));
  }

  @Test
  void unflaggedStretchesBecomeTripsOfNormalDrivingFromADatasetOrALineOfTheirOwn()
      throws Exception {
    io.vigil.protocol.json.ProtocolCodec codec =
        new io.vigil.protocol.json.ProtocolCodec(Clock.systemUTC());
    io.vigil.protocol.dataset.SampleDataset.write(
        dir,
        "w1",
        ReviewedSampleFiles.mixed(),
        List.of(cruising("van-7"), cruising("van-8")),
        "test",
        ReviewedSampleFiles.T,
        codec);

    ReviewedSamples.Result r = ReviewedSamples.read(dir.resolve("w1"), spec, Clock.systemUTC());
    assertThat(r.windows()).isEqualTo(2);
    assertThat(r.trips())
        .extracting(LabelledTrip::id)
        .containsExactly("van-1", "van-2", "van-3", "van-7", "van-8");
    LabelledTrip stretch = r.trips().get(3);
    assertThat(stretch.source()).isEqualTo("unflagged");
    assertThat(stretch.labels()).isEmpty();
    assertThat(stretch.windows().count()).isGreaterThan(0);
    assertThat(stretch.condition()).isEqualTo(Condition.HEADING_UNKNOWN);

    // What retraining writes for its split: samples and stretches in one JSON-lines file.
    Path file = ReviewedSampleFiles.write(dir.resolve("split.jsonl"), ReviewedSampleFiles.mixed());
    Files.writeString(
        file,
        new String(codec.encode(cruising("van-9")), StandardCharsets.UTF_8) + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    ReviewedSamples.Result split = ReviewedSamples.read(file, spec, Clock.systemUTC());
    assertThat(split.windows()).isEqualTo(1);
    assertThat(split.trips()).extracting(LabelledTrip::id).endsWith("van-9");
  }

  @Test
  void aDatasetDirectoryIsReadOnlyWhenItMatchesItsManifest() throws Exception {
    io.vigil.protocol.json.ProtocolCodec codec =
        new io.vigil.protocol.json.ProtocolCodec(Clock.systemUTC());
    io.vigil.protocol.dataset.SampleDataset.write(
        dir, "v1", ReviewedSampleFiles.mixed(), "test", ReviewedSampleFiles.T, codec);

    ReviewedSamples.Result r = ReviewedSamples.read(dir.resolve("v1"), spec, Clock.systemUTC());
    assertThat(r.trips()).extracting(LabelledTrip::id).containsExactly("van-1", "van-2", "van-3");

    // One sample dropped from the file after export: the manifest no longer matches.
    List<TrainingSample> fewer = ReviewedSampleFiles.mixed().subList(1, 4);
    try (OutputStream out =
        new GZIPOutputStream(
            Files.newOutputStream(
                dir.resolve("v1").resolve(io.vigil.protocol.dataset.SampleDataset.SAMPLES)))) {
      for (TrainingSample t : fewer) {
        out.write(codec.encode(t));
        out.write('\n');
      }
    }
    assertThatThrownBy(() -> ReviewedSamples.read(dir.resolve("v1"), spec, Clock.systemUTC()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not match its manifest");
  }

  @Test
  void windowsCoverTheSnippetAndTheEventLabelsTheWindowsAroundIt() throws Exception {
    Path file = ReviewedSampleFiles.write(dir.resolve("s.jsonl"), ReviewedSampleFiles.mixed());
    LabelledTrip confirmed = ReviewedSamples.read(file, spec, Clock.systemUTC()).trips().get(0);

    // 6 s at 50 Hz: windows of 2.5 s every 0.5 s end at 2.5, 3.0, ... 6.0 s
    assertThat(confirmed.windows().count()).isEqualTo(8);
    int braking = 0;
    for (int i = 0; i < confirmed.windows().count(); i++) {
      double end = confirmed.windows().endNs(i) / 1e9;
      WindowLabel label = WindowLabel.of(confirmed.labels(), end - spec.windowS(), end);
      if (label.classIndex() == WindowClass.HARSH_BRAKING.ordinal()) {
        braking++;
      }
    }
    assertThat(braking).isGreaterThanOrEqualTo(4);
    // the speed channel holds the event's 50 km/h
    float[] w = confirmed.windows().data();
    int speed = spec.channels().indexOf(io.vigil.inference.input.ModelChannel.SPEED);
    assertThat(w[speed * spec.windowSamples() + 10])
        .isCloseTo(50 / 3.6f, org.assertj.core.data.Offset.offset(1e-3f));
  }

  @Test
  void deviceFrameSnippetsWithoutHeadingAreHeadingUnknownAndGzipIsRead() throws Exception {
    TrainingSample s =
        new TrainingSample(
            ReviewedSampleFiles.braking("van-9", 9, SensorSnippet.Frame.DEVICE),
            Optional.of(Review.confirmed("rev-1", ReviewedSampleFiles.T, Optional.empty())));
    Path plain = ReviewedSampleFiles.write(dir.resolve("d.jsonl"), List.of(s));
    Path gz = dir.resolve("d.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(plain));
    }

    ReviewedSamples.Result r = ReviewedSamples.read(gz, spec, Clock.systemUTC());

    assertThat(r.trips())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.condition()).isEqualTo(Condition.HEADING_UNKNOWN);
              assertThat(t.windows().count()).isEqualTo(8);
            });
  }

  @Test
  void aMalformedLineNamesTheFileLineAndField() throws Exception {
    Path file = ReviewedSampleFiles.write(dir.resolve("s.jsonl"), ReviewedSampleFiles.mixed());
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    lines.set(2, lines.get(2).replace("\"verdict\":\"relabelled\"", "\"verdict\":\"maybe\""));
    Files.write(file, lines, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ReviewedSamples.read(file, spec, Clock.systemUTC()))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file + ":3: ")
        .hasMessageContaining("review.verdict");
  }
}
