package io.vigil.protocol.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.protocol.Review;
import io.vigil.protocol.SampleMessages;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.WindowSample;
import io.vigil.protocol.json.ProtocolCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDatasetTest {

  private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir Path dir;

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());

  @Test
  void aReviewSupersedesTheUnreviewedSampleAndTheManifestCountsLabels() throws Exception {
    TrainingSample braking = new TrainingSample(SampleMessages.harshBraking(), Optional.empty());
    TrainingSample dismissed =
        new TrainingSample(
            braking.event(), Optional.of(Review.dismissed("rita", AT, Optional.empty())));
    TrainingSample collision = SampleMessages.unreviewedSample();
    TrainingSample relabelled = SampleMessages.relabelledSample();

    SampleDataset.Latest latest = new SampleDataset.Latest();
    // The same braking event: unreviewed, relabelled, then dismissed on a second look.
    for (TrainingSample s : List.of(braking, collision, relabelled, dismissed)) {
      latest.add(s);
    }
    List<TrainingSample> kept = latest.samples();
    assertThat(kept).containsExactlyInAnyOrder(dismissed, collision);

    SampleDataset.Manifest m =
        SampleDataset.write(dir, "20261121T100000Z", kept, "test", AT, codec);
    assertThat(m.samples()).isEqualTo(kept.size());
    assertThat(m.labels()).containsEntry("normal", 1L).containsEntry(SampleDataset.UNREVIEWED, 1L);
    assertThat(m.reviewed()).isEqualTo(kept.size() - 1);
    assertThat(m.from()).isPresent();

    SampleDataset.Manifest read = SampleDataset.verify(dir.resolve("20261121T100000Z"));
    assertThat(read).isEqualTo(m);
    assertThatThrownBy(() -> SampleDataset.write(dir, "20261121T100000Z", kept, "test", AT, codec))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("never overwritten");
  }

  @Test
  void theSameSamplesGiveTheSameFingerprint() throws Exception {
    List<TrainingSample> samples =
        List.of(SampleMessages.relabelledSample(), SampleMessages.unreviewedSample());
    SampleDataset.Manifest a = SampleDataset.write(dir, "a", samples, "test", AT, codec);
    SampleDataset.Manifest b =
        SampleDataset.write(dir, "b", List.of(samples.get(0), samples.get(1)), "test", AT, codec);
    assertThat(a.sha256()).isEqualTo(b.sha256()).hasSize(64);
    assertThat(Map.copyOf(a.labels())).isEqualTo(b.labels());
  }

  @Test
  void aChangedSamplesFileOrAMissingManifestIsRefusedByName() throws Exception {
    SampleDataset.write(dir, "v1", List.of(SampleMessages.unreviewedSample()), "test", AT, codec);
    Path v1 = dir.resolve("v1");
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(v1.resolve(SampleDataset.SAMPLES)))) {
      out.write(codec.encode(SampleMessages.relabelledSample()));
      out.write('\n');
    }
    assertThatThrownBy(() -> SampleDataset.verify(v1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("v1")
        .hasMessageContaining("does not match its manifest");

    Files.delete(v1.resolve(SampleDataset.MANIFEST));
    assertThatThrownBy(() -> SampleDataset.verify(v1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("needs manifest.json");
  }

  @Test
  void unflaggedStretchesTravelBesideTheSamplesWithTheirOwnFingerprint() throws Exception {
    List<WindowSample> windows =
        List.of(SampleMessages.cruising(), SampleMessages.cruisingWithoutGps());
    SampleDataset.Manifest m =
        SampleDataset.write(
            dir, "w", List.of(SampleMessages.relabelledSample()), windows, "test", AT, codec);
    assertThat(m.windows()).isEqualTo(2);
    assertThat(m.windowsSha256()).hasSize(64);

    SampleDataset.Contents read = SampleDataset.read(dir.resolve("w"), codec);
    assertThat(read.manifest()).isEqualTo(m);
    assertThat(read.windows()).containsExactlyElementsOf(windows);
    assertThat(read.samples()).containsExactly(SampleMessages.relabelledSample());

    // A changed windows file is refused like a changed samples file.
    try (OutputStream out =
        new GZIPOutputStream(
            Files.newOutputStream(dir.resolve("w").resolve(SampleDataset.WINDOWS)))) {
      out.write(codec.encode(SampleMessages.cruising()));
      out.write('\n');
    }
    assertThatThrownBy(() -> SampleDataset.verify(dir.resolve("w")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("windows.jsonl.gz does not match its manifest");
  }

  @Test
  void aDatasetFromBeforeWindowsHasNone() throws Exception {
    SampleDataset.write(dir, "old", List.of(SampleMessages.unreviewedSample()), "test", AT, codec);
    Path old = dir.resolve("old");
    // As written before windows existed: no windows file, no windows in the manifest.
    Files.delete(old.resolve(SampleDataset.WINDOWS));
    com.fasterxml.jackson.databind.node.ObjectNode manifest =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(old.resolve(SampleDataset.MANIFEST).toFile());
    manifest.remove("windows");
    Files.writeString(old.resolve(SampleDataset.MANIFEST), manifest.toString());

    SampleDataset.Contents read = SampleDataset.read(old, codec);
    assertThat(read.windows()).isEmpty();
    assertThat(read.manifest().windowsSha256()).isEmpty();
    assertThat(read.samples()).hasSize(1);
  }
}
