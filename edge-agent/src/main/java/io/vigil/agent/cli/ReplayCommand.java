package io.vigil.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.input.RecordingInput;
import io.vigil.agent.input.SensorInput;
import io.vigil.agent.input.SimulatorInput;
import io.vigil.agent.replay.Replay;
import io.vigil.agent.replay.ReplaySummary;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.protocol.SafetyEvent;
import io.vigil.simulator.record.RecordingReader;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.ScenarioFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  @Parameters(
      paramLabel = "RECORDING",
      arity = "0..1",
      description = "Recording directory (samples.csv); or use --scenario.")
  Path recording;

  @Option(
      names = "--scenario",
      description =
          "Simulate every vehicle of this scenario in process (mounting unknown to the agent)"
              + " and replay it; events get a vehicle field and the summary covers the fleet.")
  Path scenario;

  @Option(
      names = "--threads",
      description = "Vehicles replayed in parallel with --scenario (default: ${DEFAULT-VALUE}).")
  int threads = Runtime.getRuntime().availableProcessors();

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
    if ((recording == null) == (scenario == null)) {
      throw new IllegalArgumentException("give either a RECORDING directory or --scenario FILE");
    }
    List<SensorInput> inputs = new ArrayList<>();
    if (recording != null) {
      if (!Files.isDirectory(recording)) {
        throw new IOException(recording + " is not a recording directory");
      }
      inputs.add(new RecordingInput(RecordingReader.read(recording)));
    } else {
      if (!Files.isRegularFile(scenario)) {
        throw new IOException(scenario + " does not exist");
      }
      for (FleetPlan.Vehicle v : FleetPlan.of(ScenarioFile.read(scenario))) {
        inputs.add(new SimulatorInput(v));
      }
    }
    Path key = publicKey != null ? publicKey : packageDir.resolve("publisher.pub.pem");
    List<List<SafetyEvent>> events;
    long started = System.nanoTime();
    try (DetectionModel model =
        DetectionModel.load(ModelPackage.load(packageDir, Ed25519Pem.readPublic(key)))) {
      events = replayAll(inputs, model);
    }
    ObjectMapper json = new ObjectMapper();
    List<ReplaySummary> summaries = new ArrayList<>();
    try (OutputStream sink = "-".equals(out) ? System.out : Files.newOutputStream(Path.of(out));
        PrintStream lines = new PrintStream(sink, false, StandardCharsets.UTF_8)) {
      for (int i = 0; i < inputs.size(); i++) {
        for (SafetyEvent e : events.get(i)) {
          ObjectNode line = line(json, e);
          if (scenario != null) {
            line.put("vehicle", e.vehicleId());
          }
          lines.println(json.writeValueAsString(line));
        }
        if (!inputs.get(i).labels().isEmpty()) {
          summaries.add(ReplaySummary.of(events.get(i), Replay.START, inputs.get(i).labels()));
        }
      }
      lines.flush();
    }
    if (!summaries.isEmpty()) {
      System.err.print(summary(ReplaySummary.merge(summaries)));
    }
    if (scenario != null) {
      System.err.printf(
          "%d vehicles replayed in %.0f s%n", inputs.size(), (System.nanoTime() - started) / 1e9);
    }
    return 0;
  }

  private List<List<SafetyEvent>> replayAll(List<SensorInput> inputs, DetectionModel model)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<List<SafetyEvent>>> futures = new ArrayList<>();
      for (SensorInput input : inputs) {
        futures.add(pool.submit(() -> Replay.run(input, model)));
      }
      List<List<SafetyEvent>> out = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          out.add(futures.get(i).get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (inputs.size() > 1 && ((i + 1) % Math.max(1, inputs.size() / 10) == 0)) {
          System.err.printf("  %d/%d vehicles%n", i + 1, inputs.size());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
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
