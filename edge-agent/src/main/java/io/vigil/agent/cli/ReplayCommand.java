package io.vigil.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.replay.Replay;
import io.vigil.agent.replay.ReplaySummary;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.protocol.SafetyEvent;
import io.vigil.simulator.record.Recording;
import io.vigil.simulator.record.RecordingReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil-agent replay}: a recording through the agent's pipeline, offline. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Run a recording (docs/recording-format.md) through the agent's pipeline without a broker:",
      "calibration learned from the data, windows, the model, the decoder and the fault checks.",
      "Writes one JSON line per detected event; with the recording's labels.csv a summary",
      "(per-kind precision/recall/F1, event-level macro-F1) goes to stderr."
    })
final class ReplayCommand implements Callable<Integer> {

  static final Path DEFAULT_PACKAGE = Path.of("models", "vigil-driving", "1.0.0");

  @Parameters(paramLabel = "RECORDING", description = "Recording directory (samples.csv).")
  Path recording;

  @Option(names = "--package", description = "Model package directory (default: ${DEFAULT-VALUE}).")
  Path packageDir = DEFAULT_PACKAGE;

  @Option(
      names = "--public-key",
      description =
          "Trusted Ed25519 public key (PEM) the package must be signed with (default: the"
              + " package's publisher.pub.pem; a deployed agent is configured with its own).")
  Path publicKey;

  @Option(
      names = "--out",
      description = "File for the events, JSON lines; - for stdout (default: ${DEFAULT-VALUE}).")
  String out = "-";

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(recording)) {
      throw new IOException(recording + " is not a recording directory");
    }
    Path key = publicKey != null ? publicKey : packageDir.resolve("publisher.pub.pem");
    Recording r = RecordingReader.read(recording);
    List<SafetyEvent> events;
    try (DetectionModel model =
        DetectionModel.load(ModelPackage.load(packageDir, Ed25519Pem.readPublic(key)))) {
      events = Replay.run(r, model);
    }
    ObjectMapper json = new ObjectMapper();
    try (OutputStream sink = "-".equals(out) ? System.out : Files.newOutputStream(Path.of(out));
        PrintStream lines = new PrintStream(sink, false, StandardCharsets.UTF_8)) {
      for (SafetyEvent e : events) {
        lines.println(json.writeValueAsString(line(json, e)));
      }
      lines.flush();
    }
    if (!r.labels().isEmpty()) {
      System.err.print(summary(ReplaySummary.of(events, Replay.START, r.labels())));
    }
    return 0;
  }

  private static ObjectNode line(ObjectMapper json, SafetyEvent e) {
    double start = java.time.Duration.between(Replay.START, e.deviceTime()).toNanos() / 1e9;
    ObjectNode n = json.createObjectNode();
    n.put("type", e.type().wireName());
    e.direction()
        .ifPresentOrElse(d -> n.put("direction", d.wireName()), () -> n.putNull("direction"));
    n.put("startS", Math.round(start * 1000) / 1000.0);
    n.put("endS", Math.round((start + e.durationMs() / 1000.0) * 1000) / 1000.0);
    n.put("severity", e.severity().wireName());
    n.put("confidence", e.confidence());
    n.put("anomalyScore", e.anomalyScore());
    ObjectNode peak = n.putObject("peakG");
    peak.put("longitudinal", e.peak().longitudinalG());
    peak.put("lateral", e.peak().lateralG());
    peak.put("vertical", e.peak().verticalG());
    e.speedKmh().ifPresent(v -> n.put("speedKmh", v));
    return n;
  }

  static String summary(ReplaySummary s) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%-30s %8s %8s %8s %9s %7s %6s%n",
            "kind", "labelled", "detected", "correct", "precision", "recall", "F1"));
    for (Map.Entry<String, ReplaySummary.KindScore> e : s.kinds().entrySet()) {
      ReplaySummary.KindScore k = e.getValue();
      if (k.labelled() + k.detected() == 0) {
        continue;
      }
      b.append(
          String.format(
              "%-30s %8d %8d %8d %9.3f %7.3f %6.3f%n",
              e.getKey(),
              k.labelled(),
              k.detected(),
              k.truePositives(),
              k.precision(),
              k.recall(),
              k.f1()));
    }
    b.append(
        String.format(
            "event-level macro-F1 (harsh kinds): %.3f; false alarms: %d%n",
            s.macroF1(), s.falseAlarms()));
    return b.toString();
  }
}
