package io.vigil.simulator.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.simulator.TripSettings;
import io.vigil.simulator.TripSimulator;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import io.vigil.simulator.record.Recording;
import io.vigil.simulator.record.RecordingReader;
import io.vigil.simulator.record.RecordingWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventGalleryTest {

  @Test
  void drawsOnePanelPerEventWithTheSpanShaded(@TempDir Path dir) throws Exception {
    try (RecordingWriter writer = new RecordingWriter(dir, 50, "")) {
      writer.writeLabels(new TripSimulator(TripSettings.typical(3, 1800)).run(writer));
    }
    Recording rec = RecordingReader.read(dir);
    List<Label> chosen =
        EventGallery.firstOfEach(
            rec, List.of(LabelKind.GENTLE_BRAKING, LabelKind.GENTLE_CORNERING, LabelKind.POTHOLE));
    assertThat(chosen).hasSize(3);

    Path png = dir.resolve("events.png");
    EventGallery.render(rec, chosen, png);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1400);
    assertThat(image.getHeight()).isEqualTo(600);
    long shaded = 0;
    for (int x = 0; x < image.getWidth(); x += 2) {
      for (int y = 0; y < image.getHeight(); y += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        if (rgb == 0xFFE4C2
            || (((rgb >> 16) & 0xFF) > 240 && ((rgb >> 8) & 0xFF) > 200 && (rgb & 0xFF) < 215)) {
          shaded++;
        }
      }
    }
    assertThat(shaded).as("pixels of the shaded event spans").isPositive();
  }

  @Test
  void nothingToDrawIsAnError(@TempDir Path dir) {
    assertThatThrownBy(() -> EventGallery.render(null, List.of(), dir.resolve("x.png")))
        .hasMessageContaining("no labelled events");
  }
}
