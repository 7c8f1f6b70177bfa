package io.vigil.launcher;

import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import io.vigil.simulator.plot.EventGallery;
import io.vigil.simulator.record.Recording;
import io.vigil.simulator.record.RecordingReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Draws labelled events of a recording to a PNG so that a person can look at them. */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description =
        "Draw labelled events of a recording (the first of each kind asked for) to a PNG.")
final class PlotCommand implements Callable<Integer> {

  @Option(
      names = "--recording",
      required = true,
      description = "Recording directory (samples.csv + labels.csv).")
  Path recording;

  @Option(names = "--out", required = true, description = "PNG file to write.")
  Path out;

  @Option(
      names = "--labels",
      split = ",",
      descriptionKey = "plot.labels",
      description = "Label kinds to draw, first of each (default: ${DEFAULT-VALUE}).")
  List<String> labels =
      List.of(
          "harsh_braking",
          "harsh_cornering",
          "aggressive_lane_change",
          "pothole",
          "speed_bump",
          "collision");

  @Override
  public Integer call() throws Exception {
    Recording rec = RecordingReader.read(recording);
    List<LabelKind> kinds =
        labels.stream()
            .map(name -> LabelKind.valueOf(name.trim().toUpperCase(Locale.ROOT)))
            .toList();
    List<Label> chosen = EventGallery.firstOfEach(rec, kinds);
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(recording + " has none of the labels " + labels);
    }
    EventGallery.render(rec, chosen, out);
    System.out.println("Drew " + chosen.size() + " events to " + out.toAbsolutePath());
    return 0;
  }
}
