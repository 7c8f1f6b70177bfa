package io.vigil.models.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.inference.decision.EventDecoder;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.onnx.OnnxWindowModel;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.PackageManifest;
import io.vigil.models.dataset.LabelledTrip;
import io.vigil.models.dataset.ReviewedSamples;
import io.vigil.models.eval.HeldOutScore;
import io.vigil.models.pipeline.Pipeline;
import io.vigil.models.pipeline.PipelineSettings;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.WindowSample;
import io.vigil.protocol.json.ProtocolCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code vigil-models retrain}: a candidate trained from the parent's data plus new reviewed
 * samples, published only if {@link RetrainGate} lets it replace the parent. The reviewed samples
 * (and the unflagged stretches agents uploaded, normal driving) are split by vehicle: a held-out
 * slice the candidate never trains on, and the rest, which joins the simulated training data as in
 * {@code pipeline}. Both models are then scored on the held-out slice; the simulated test split
 * comes from each package's own report (the same test scenario, checked by its SHA-256). The
 * candidate is built in {@code OUT.candidate}; the gate's comparison goes into its report ({@code
 * gate.json}, {@code gate.html}); it becomes {@code OUT} if it passes and {@code OUT.rejected} if
 * not.
 */
public final class Retrain {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Retrain() {}

  /**
   * @param parent the package retrained from (with its report)
   * @param candidate how to train the candidate; its reviewed samples are split, its output
   *     directory is where a passing candidate is published
   * @param holdoutFraction share of the reviewed vehicles held out (0 < f < 1)
   */
  public record Settings(
      Path parent,
      PipelineSettings candidate,
      double holdoutFraction,
      RetrainGate.Tolerance tolerance) {}

  /** The decision and where the candidate went. */
  public record Result(RetrainGate.Decision decision, Path candidate) {}

  public static Result run(Settings s, PrintStream out) throws Exception {
    if (!(s.holdoutFraction() > 0 && s.holdoutFraction() < 1)) {
      throw new IllegalArgumentException("--holdout must be between 0 and 1");
    }
    Path published = s.candidate().out();
    if (Files.exists(published)) {
      throw new IOException(published + " exists already; a published package is never replaced");
    }
    ModelPackage parent =
        ModelPackage.load(
            s.parent(), Ed25519Pem.readPublic(s.parent().resolve("publisher.pub.pem")));
    JsonNode parentReport = JSON.readTree(s.parent().resolve("report/report.json").toFile());
    // The candidate starts from the parent's simulated data, and is judged on the same test split.
    sameAsParent(
        s.candidate().trainingScenario(), parentReport, "trainingScenarioSha256", "trained on");
    sameAsParent(s.candidate().testScenario(), parentReport, "testScenarioSha256", "evaluated on");

    // Split the reviewed samples by vehicle: a vehicle's snippets are all held out or none.
    Clock clock = Clock.systemUTC();
    ProtocolCodec codec = new ProtocolCodec(clock);
    List<TrainingSample> reviewed = new ArrayList<>();
    List<WindowSample> unflagged = new ArrayList<>();
    for (Path p : s.candidate().reviewedSamples()) {
      ReviewedSamples.Source source = ReviewedSamples.load(p, clock);
      reviewed.addAll(source.samples());
      unflagged.addAll(source.windows());
    }
    TreeSet<String> vehicles = new TreeSet<>();
    reviewed.stream().filter(r -> r.review().isPresent()).forEach(r -> vehicles.add(key(r)));
    List<String> ordered = new ArrayList<>(vehicles);
    int held = Math.max(1, (int) Math.round(ordered.size() * s.holdoutFraction()));
    if (ordered.size() < 2) {
      throw new IOException(
          "retraining needs reviewed samples from at least 2 vehicles (some train, some are held"
              + " out to judge the candidate); found "
              + ordered.size());
    }
    // Every k-th vehicle in name order: deterministic, and spread over fleets and names.
    TreeSet<String> heldOut = new TreeSet<>();
    double step = (double) ordered.size() / held;
    for (int i = 0; i < held; i++) {
      heldOut.add(ordered.get((int) Math.floor(i * step)));
    }
    Path work = Files.createTempDirectory("vigil-retrain");
    Path trainFile = work.resolve("reviewed-train.jsonl");
    Path heldOutFile = work.resolve("reviewed-held-out.jsonl");
    try (OutputStream train = Files.newOutputStream(trainFile);
        OutputStream hold = Files.newOutputStream(heldOutFile)) {
      for (TrainingSample r : reviewed) {
        OutputStream to = heldOut.contains(key(r)) ? hold : train;
        to.write(codec.encode(r));
        to.write('\n');
      }
      // A held-out vehicle's unflagged stretches are held out too: false events on them count.
      for (WindowSample w : unflagged) {
        OutputStream to = heldOut.contains(vehicleKey(w.fleetId(), w.vehicleId())) ? hold : train;
        to.write(codec.encode(w));
        to.write('\n');
      }
    }
    out.printf(
        "retrain from %s %s: %d reviewed vehicles, %d held out (%s)%n",
        parent.manifest().name(),
        parent.manifest().version(),
        ordered.size(),
        heldOut.size(),
        String.join(", ", heldOut));

    Path staging = published.resolveSibling(published.getFileName() + ".candidate");
    deleteRecursively(staging);
    PipelineSettings c = s.candidate();
    PipelineSettings settings =
        new PipelineSettings(
            c.trainingScenario(),
            c.testScenario(),
            c.recordings(),
            List.of(trainFile),
            staging,
            c.name(),
            c.version(),
            java.util.Optional.of(parent.manifest().version()),
            c.seed(),
            c.epochs(),
            c.hidden(),
            c.members(),
            c.clusters(),
            c.threads(),
            c.signingKey(),
            c.benchSeconds(),
            c.shuffleLabels());
    Pipeline.Result candidate = Pipeline.run(settings, out);

    out.println("gate: both models on the held-out reviewed samples");
    InputSpec spec = parent.manifest().input().toSpec();
    List<LabelledTrip> heldTrips = ReviewedSamples.read(heldOutFile, spec, clock).trips();
    ModelPackage candidatePkg =
        ModelPackage.load(staging, Ed25519Pem.readPublic(staging.resolve("publisher.pub.pem")));
    RetrainGate.HeldOut parentScore = heldOut(parent, heldTrips);
    RetrainGate.HeldOut candidateScore = heldOut(candidatePkg, heldTrips);
    RetrainGate.Decision decision =
        RetrainGate.decide(
            RetrainGate.Metrics.fromReport(parentReport),
            RetrainGate.Metrics.fromReport(candidate.report()),
            parentScore,
            candidateScore,
            s.tolerance());
    writeGate(
        staging.resolve("report"),
        parent.manifest(),
        candidatePkg.manifest(),
        decision,
        parentScore,
        candidateScore,
        heldOut);
    deleteRecursively(work);

    Path to =
        decision.passed()
            ? published
            : published.resolveSibling(published.getFileName() + ".rejected");
    deleteRecursively(to.equals(published) ? null : to);
    Files.move(staging, to);
    for (RetrainGate.Check check : decision.checks()) {
      out.printf(
          "  %-4s %s: parent %.4f, candidate %.4f (%s)%n",
          check.passed() ? "ok" : "FAIL",
          check.name(),
          check.parent(),
          check.candidate(),
          check.rule());
    }
    out.println(
        decision.passed()
            ? "gate: PASSED; published " + to
            : "gate: FAILED; the candidate is kept in " + to + " and not published");
    return new Result(decision, to);
  }

  private static void sameAsParent(Path scenario, JsonNode parentReport, String field, String what)
      throws IOException {
    String sha = ModelPackage.sha256(Files.readAllBytes(scenario));
    if (!sha.equals(parentReport.path("data").path(field).asText())) {
      throw new IOException(
          scenario
              + " is not the scenario the parent was "
              + what
              + " (its report has sha256 "
              + parentReport.path("data").path(field).asText()
              + ")");
    }
  }

  private static String key(TrainingSample r) {
    return vehicleKey(r.event().fleetId(), r.event().vehicleId());
  }

  /** The held-out split's unit: a vehicle, whose reviews and stretches stay on one side. */
  private static String vehicleKey(String fleet, String vehicle) {
    return fleet + "/" + vehicle;
  }

  private static RetrainGate.HeldOut heldOut(ModelPackage pkg, List<LabelledTrip> trips)
      throws Exception {
    PackageManifest m = pkg.manifest();
    try (OnnxWindowModel model = OnnxWindowModel.load(pkg, OnnxWindowModel.Options.defaults())) {
      return HeldOutScore.score(
          trips,
          model,
          new EventDecoder(m.thresholds(), m.eventRules(), (float) m.anomalyThreshold()),
          (float) m.anomalyThreshold());
    }
  }

  private static void writeGate(
      Path reportDir,
      PackageManifest parent,
      PackageManifest candidate,
      RetrainGate.Decision d,
      RetrainGate.HeldOut parentScore,
      RetrainGate.HeldOut candidateScore,
      TreeSet<String> heldOut)
      throws IOException {
    ObjectNode gate = JSON.createObjectNode();
    gate.put("parent", parent.version());
    gate.put("candidate", candidate.version());
    gate.put("passed", d.passed());
    ArrayNode held = gate.putArray("heldOutVehicles");
    heldOut.forEach(held::add);
    ObjectNode scores = gate.putObject("heldOut");
    scores.set("parent", JSON.valueToTree(parentScore));
    scores.set("candidate", JSON.valueToTree(candidateScore));
    ArrayNode checks = gate.putArray("checks");
    d.checks().forEach(c -> checks.add(JSON.valueToTree(c)));
    Files.createDirectories(reportDir);
    JSON.writeValue(reportDir.resolve("gate.json").toFile(), gate);

    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><meta charset=utf-8><title>Retraining gate</title>")
        .append(
            "<style>body{font:14px sans-serif;margin:2em}td,th{padding:.2em .8em;text-align:left}")
        .append(".ok{color:#176b2c}.fail{color:#b00020;font-weight:bold}</style>");
    h.append("<h1>Retraining gate: ")
        .append(escape(parent.name()))
        .append(' ')
        .append(escape(parent.version()))
        .append(" → ")
        .append(escape(candidate.version()))
        .append(d.passed() ? " <span class=ok>passed</span>" : " <span class=fail>failed</span>")
        .append("</h1>");
    h.append("<p>Held out (never trained on): ")
        .append(escape(String.join(", ", heldOut)))
        .append(
            String.format(
                ". Parent: %d of %d reviewed events found, %d false events; candidate: %d of %d, %d false"
                    + " events.</p>",
                parentScore.detected(),
                parentScore.events(),
                parentScore.falseEvents(),
                candidateScore.detected(),
                candidateScore.events(),
                candidateScore.falseEvents()));
    h.append("<table><tr><th>check</th><th>")
        .append(escape(parent.version()))
        .append("</th><th>")
        .append(escape(candidate.version()))
        .append("</th><th>rule</th><th></th></tr>");
    for (RetrainGate.Check c : d.checks()) {
      h.append(
          String.format(
              "<tr><td>%s</td><td>%.4f</td><td>%.4f</td><td>%s</td><td class=%s>%s</td></tr>",
              escape(c.name()),
              c.parent(),
              c.candidate(),
              escape(c.rule()),
              c.passed() ? "ok" : "fail",
              c.passed() ? "ok" : "FAIL"));
    }
    h.append("</table>");
    Files.writeString(reportDir.resolve("gate.html"), h, StandardCharsets.UTF_8);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
