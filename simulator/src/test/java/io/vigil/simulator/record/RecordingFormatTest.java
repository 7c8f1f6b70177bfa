package io.vigil.simulator.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.simulator.Trip;
import io.vigil.simulator.TripSettings;
import io.vigil.simulator.TripSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingFormatTest {

  @Test
  void whatIsWrittenReadsBack(@TempDir Path dir) throws Exception {
    Trip trip;
    try (RecordingWriter writer = new RecordingWriter(dir, 50, "seed=5\npersona=normal")) {
      trip = new TripSimulator(TripSettings.typical(5, 600)).run(writer);
      writer.writeLabels(trip);
    }
    Recording r = RecordingReader.read(dir);

    assertThat(r.size()).isEqualTo(trip.imuSamples());
    assertThat(r.metadata()).containsEntry("rate_hz", "50").containsEntry("seed", "5");
    assertThat(r.labels()).hasSize(trip.labels().size());
    for (int i = 0; i < r.labels().size(); i++) {
      assertThat(r.labels().get(i).kind()).isEqualTo(trip.labels().get(i).kind());
      assertThat(r.labels().get(i).startS())
          .isCloseTo(trip.labels().get(i).startS(), within(0.001));
    }
    long fixes = java.util.Arrays.stream(r.speedMps()).filter(v -> !Double.isNaN(v)).count();
    assertThat(fixes).as("about one GPS fix per second").isBetween(400L, 601L);
    for (int i = 1; i < r.size(); i++) {
      assertThat(r.tNs()[i]).isGreaterThan(r.tNs()[i - 1]);
    }
  }

  @Test
  void missingColumnsAreNamed(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("samples.csv"), "# vigil recording v1\nt_ns,ax,ay,gx,gy,gz\n1,0,0,0,0,0\n");
    assertThatThrownBy(() -> RecordingReader.read(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing column(s) [az]");
  }

  @Test
  void badNumbersAndLabelsAreNamedWithTheirLine(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("samples.csv"), "t_ns,ax,ay,az,gx,gy,gz\n1,0,0,9.8,0,0,0\n2,0,x,9.8,0,0,0\n");
    assertThatThrownBy(() -> RecordingReader.read(dir))
        .hasMessageContaining("line 3")
        .hasMessageContaining("column ay is not a number");

    Files.writeString(dir.resolve("samples.csv"), "t_ns,ax,ay,az,gx,gy,gz\n1,0,0,9.8,0,0,0\n");
    Files.writeString(dir.resolve("labels.csv"), "start_s,end_s,label\n1,2,drifting\n");
    assertThatThrownBy(() -> RecordingReader.read(dir))
        .hasMessageContaining("unknown label 'drifting'");
  }

  @Test
  void notARecordingDirectory(@TempDir Path dir) {
    assertThatThrownBy(() -> RecordingReader.read(dir))
        .hasMessageContaining("not a Vigil recording");
  }

  @Test
  void fixedPointIsExactAndSigned() {
    assertThat(FixedPoint.append(new StringBuilder(), -0.000004, 5).toString())
        .isEqualTo("0.00000");
    assertThat(FixedPoint.append(new StringBuilder(), -1.5, 2).toString()).isEqualTo("-1.50");
    assertThat(FixedPoint.append(new StringBuilder(), 9.80665, 5).toString()).isEqualTo("9.80665");
    assertThat(FixedPoint.append(new StringBuilder(), 12.0004, 3).toString()).isEqualTo("12.000");
  }
}
