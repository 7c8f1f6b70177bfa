package io.vigil.models.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.inference.decision.EventDecoder;
import io.vigil.inference.decision.EventRules;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.WindowFeatures;
import io.vigil.inference.onnx.OnnxWindowModel;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.PackageManifest;
import io.vigil.models.bench.LatencyBenchmark;
import io.vigil.models.dataset.Condition;
import io.vigil.models.dataset.Dataset;
import io.vigil.models.dataset.DatasetBuilder;
import io.vigil.models.dataset.LabelledTrip;
import io.vigil.models.dataset.RecordedTrip;
import io.vigil.models.dataset.ReviewedSamples;
import io.vigil.models.dataset.SimulatedTrip;
import io.vigil.models.dataset.WindowClass;
import io.vigil.models.eval.Evaluation;
import io.vigil.models.eval.ReportWriter;
import io.vigil.models.onnx.GraphBuilder;
import io.vigil.models.onnx.ModelGraph;
import io.vigil.models.onnx.OnnxFunction;
import io.vigil.models.onnx.StandardizationGraph;
import io.vigil.models.pkg.GoldenWindows;
import io.vigil.models.pkg.PackageWriter;
import io.vigil.models.pkg.SigningKeys;
import io.vigil.models.quantize.Calibration;
import io.vigil.models.quantize.LayerQuantization;
import io.vigil.models.train.ClassifierTrainer;
import io.vigil.models.train.DenseLayer;
import io.vigil.models.train.Ensemble;
import io.vigil.models.train.FeatureScaling;
import io.vigil.models.train.KMeans;
import io.vigil.models.train.ThresholdCalibration;
import io.vigil.models.train.TrainedModel;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.ScenarioFile;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The whole model pipeline, generate → train → quantise → evaluate → package, in one call. Each
 * step prints its progress; the result is a signed package in {@code out} and the evaluation report
 * in {@code out/report}.
 */
public final class Pipeline {

  /** Share of training-scenario vehicles held out for validation (by vehicle id). */
  static final int VALIDATION_PERCENT = 15;

  /** Share of plain normal windows kept for training (all others are kept). */
  static final double NORMAL_KEEP = 0.35;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Pipeline() {}

  /**
   * The outcome of a run.
   *
   * @param manifest the package's manifest
   * @param report the report's numbers (also in {@code report/report.json})
   */
  public record Result(PackageManifest manifest, ObjectNode report) {}

  public static Result run(PipelineSettings s, PrintStream out) throws Exception {
    long started = System.nanoTime();
    InputSpec spec = InputSpec.v1();
    int features = WindowFeatures.count();
    int classes = WindowClass.count();

    out.println("[1/6] training data from " + s.trainingScenario());
    List<FleetPlan.Vehicle> vehicles = FleetPlan.of(ScenarioFile.read(s.trainingScenario()));
    Dataset data;
    io.vigil.protocol.drift.DriftReference driftReference;
    // Reviewed samples are read first: a malformed export should fail before minutes of simulation.
    ArrayNode reviewed = JSON.createArrayNode();
    List<ReviewedSamples.Result> reviewedSamples = new ArrayList<>();
    for (Path file : s.reviewedSamples()) {
      ReviewedSamples.Result read = ReviewedSamples.read(file, spec, Clock.systemUTC());
      reviewedSamples.add(read);
      ObjectNode entry =
          reviewed.addObject().put("file", file.toString()).put("sha256", read.sha256());
      read.dataset().ifPresent(v -> entry.put("dataset", v));
      entry
          .put("trips", read.trips().size())
          .put("unflaggedWindows", read.windows())
          .put("unreviewed", read.unreviewed())
          .put("unknownAnomalies", read.noClass())
          .put("tooShort", read.tooShort());
      out.printf(
          "  %s: %d reviewed samples and %d unflagged stretches for training (left out: %d"
              + " unreviewed, %d unknown anomalies, %d too short)%n",
          file,
          read.trips().size() - read.windows(),
          read.windows(),
          read.unreviewed(),
          read.noClass(),
          read.tooShort());
    }
    DatasetBuilder builder = new DatasetBuilder(spec, s.threads(), out);
    data =
        builder.simulate(
            vehicles,
            DatasetBuilder::trainingCondition,
            DatasetBuilder::trainingRate,
            "training windows");
    for (Path r : s.recordings()) {
      builder.add(data, RecordedTrip.read(r, spec));
      out.println("  added recording " + r);
    }
    for (ReviewedSamples.Result read : reviewedSamples) {
      for (LabelledTrip trip : read.trips()) {
        builder.add(data, trip);
      }
    }
    driftReference =
        DriftReferenceFile.of(s.name(), s.version(), s.trainingScenario(), builder, data);
    SplittableRandom rng = new SplittableRandom(s.seed());
    List<Integer> trainRows = new ArrayList<>();
    List<Integer> validationRows = new ArrayList<>();
    List<Integer> clusterRows = new ArrayList<>();
    for (Dataset.TripInfo trip : data.trips()) {
      boolean validation = isValidation(trip.id());
      for (int i = trip.firstRow(); i < trip.firstRow() + trip.rows(); i++) {
        if (data.label(i) < 0) {
          continue;
        }
        // Sensor-fault windows train the classifier to say "normal" (the anomaly score and the
        // agent's fault checks report them); the anomaly model never sees them.
        boolean informative = data.label(i) != 0 || data.hardNegative(i) || data.sensorFault(i);
        if (validation) {
          validationRows.add(i);
        } else if (informative || rng.nextDouble() < NORMAL_KEEP) {
          trainRows.add(i);
          if (!data.sensorFault(i)) {
            clusterRows.add(trainRows.size() - 1);
          }
        }
      }
    }
    int[] train = trainRows.stream().mapToInt(Integer::intValue).toArray();
    int[] validation = validationRows.stream().mapToInt(Integer::intValue).toArray();
    out.printf(
        "  %,d windows in %d trips; training on %,d, validating on %,d; per class %s%n",
        data.size(),
        data.trips().size(),
        train.length,
        validation.length,
        Arrays.toString(data.classCounts()));

    out.println("[2/6] training the classifier (DJL, PyTorch engine)");
    FeatureScaling scaling = FeatureScaling.of(data.x(), features, train);
    ClassifierTrainer.Rows trainSet = rows(data, train, scaling);
    if (s.shuffleLabels()) {
      // A deliberately bad model: the labels are permuted among the training rows (seeded).
      out.println("  --shuffle-labels: training on permuted labels, a deliberately bad model");
      int[] l = trainSet.labels();
      SplittableRandom shuffle = new SplittableRandom(s.seed() ^ 0x5bad);
      for (int i = l.length - 1; i > 0; i--) {
        int j = shuffle.nextInt(i + 1);
        int t = l[i];
        l[i] = l[j];
        l[j] = t;
      }
    }
    ClassifierTrainer.Rows validationSet = rows(data, validation, scaling);
    List<List<DenseLayer>> trained = new ArrayList<>();
    for (int m = 0; m < s.members(); m++) {
      if (s.members() > 1) {
        out.printf("  member %d/%d, seed %d%n", m + 1, s.members(), s.seed() + m);
      }
      ClassifierTrainer.Settings ts =
          new ClassifierTrainer.Settings(s.seed() + m, s.epochs(), 256, 1e-3f, s.hidden());
      trained.add(ClassifierTrainer.train(trainSet, validationSet, features, classes, ts, out));
    }
    List<DenseLayer> layers = Ensemble.merge(trained);

    out.println("[3/6] anomaly model, ONNX export and int8 quantisation");
    float[] clusterZ = sample(trainSet.z(), clusterRows, features, 20_000, s.seed());
    int sample = clusterZ.length / features;
    float[] centroids = KMeans.fit(clusterZ, sample, features, s.clusters(), 15, s.seed());
    double[] trainScores = new double[sample];
    for (int i = 0; i < sample; i++) {
      trainScores[i] = KMeans.score(clusterZ, i, centroids, features);
    }
    float anomalyScale = (float) percentile(trainScores, 99);
    // The threshold: what 0.1 % of clean validation windows exceed.
    double[] validationScores =
        java.util.stream.IntStream.range(0, validationSet.rows())
            .filter(i -> !data.sensorFault(validation[i]))
            .mapToDouble(
                i -> KMeans.score(validationSet.z(), i, centroids, features) / anomalyScale)
            .toArray();
    float anomalyThreshold = (float) Math.max(1.5, percentile(validationScores, 99.9));
    TrainedModel model =
        new TrainedModel(scaling.mean(), scaling.scale(), layers, centroids, anomalyScale);
    Map<String, String> meta = Map.of("name", s.name(), "version", s.version());
    byte[] fp32 = ModelGraph.build(spec, model, Optional.empty(), false, meta);
    CalibrationWindows cal = calibrationWindows(vehicles, spec);
    List<LayerQuantization> quantization =
        Calibration.calibrate(spec, model, cal.data(), cal.count());
    byte[] int8 = ModelGraph.build(spec, model, Optional.of(quantization), false, meta);
    out.printf(
        "  FP32 %,d bytes, int8 %,d bytes (%.0f %%), calibrated on %,d windows%n",
        fp32.length, int8.length, 100.0 * int8.length / fp32.length, cal.count());

    out.println("[4/6] evaluation on " + s.testScenario() + " (never trained on)");
    List<FleetPlan.Vehicle> testVehicles = FleetPlan.of(ScenarioFile.read(s.testScenario()));
    float[] thresholds =
        ThresholdCalibration.thresholds(
            layers,
            validationSet,
            classes,
            ThresholdCalibration.FLOOR,
            ThresholdCalibration.MAX_SHARE,
            ThresholdCalibration.CEILING);
    out.println(
        "  per-class thresholds from the validation windows: " + Arrays.toString(thresholds));
    EventRules rules = EventRules.defaults(WindowClass.COLLISION.ordinal());
    Evaluation evaluation;
    try (OnnxWindowModel int8Model = load(int8, spec);
        OnnxWindowModel fp32Model = load(fp32, spec)) {
      evaluation =
          Evaluation.run(
              testVehicles,
              List.of(Condition.values()),
              spec,
              int8Model,
              fp32Model,
              new EventDecoder(thresholds, rules, anomalyThreshold),
              anomalyThreshold,
              s.threads(),
              out);
    }

    Path reportDir = s.out().resolve("report");
    Files.createDirectories(reportDir);
    Path fp32File = reportDir.resolve("model-fp32.onnx");
    Files.write(fp32File, fp32);
    ObjectNode latency = JSON.createObjectNode();
    if (s.benchSeconds() > 0) {
      out.println("[5/6] latency benchmark (JMH, one thread)");
      Path int8File = Files.createTempFile("vigil-int8", ".onnx");
      try {
        Files.write(int8File, int8);
        latency = LatencyBenchmark.run(int8File, fp32File, s.benchSeconds());
      } finally {
        Files.deleteIfExists(int8File);
      }
    } else {
      out.println("[5/6] latency benchmark skipped");
      latency.put("skipped", true);
    }

    out.println("[6/6] package and report in " + s.out());
    ObjectNode report = JSON.createObjectNode();
    report.put("name", s.name());
    report.put("version", s.version());
    ObjectNode dataNode = report.putObject("data");
    dataNode.put("fingerprint", data.fingerprint());
    dataNode.put("trainingScenario", s.trainingScenario().toString());
    dataNode.put(
        "trainingScenarioSha256", ModelPackage.sha256(Files.readAllBytes(s.trainingScenario())));
    dataNode.put("testScenario", s.testScenario().toString());
    dataNode.put("testScenarioSha256", ModelPackage.sha256(Files.readAllBytes(s.testScenario())));
    dataNode.put("windows", data.size());
    dataNode.put("trips", data.trips().size());
    dataNode.put("trainingRows", train.length);
    dataNode.put("validationRows", validation.length);
    ArrayNode recs = dataNode.putArray("recordings");
    s.recordings().forEach(r -> recs.add(r.toString()));
    dataNode.set("reviewedSamples", reviewed);
    ArrayNode counts = dataNode.putArray("windowsPerClass");
    for (int c : data.classCounts()) {
      counts.add(c);
    }
    ObjectNode training = report.putObject("training");
    training.put("seed", s.seed());
    training.put("epochs", s.epochs());
    ArrayNode hidden = training.putArray("hiddenUnits");
    Arrays.stream(s.hidden()).forEach(hidden::add);
    training.put("members", s.members());
    training.put("features", features);
    training.put("clusters", s.clusters());
    if (s.shuffleLabels()) {
      training.put("shuffledLabels", true);
    }
    training.put("engine", "DJL 0.36.0, PyTorch 2.7.1 CPU");
    ObjectNode size = report.putObject("size");
    size.put("fp32Bytes", fp32.length);
    size.put("int8Bytes", int8.length);
    size.put("int8ToFp32", Math.round(10000.0 * int8.length / fp32.length) / 10000.0);
    report.set("test", evaluation.toJson());
    report.set("latency", latency);
    report.put("anomalyThreshold", anomalyThreshold);
    report.put("pipelineSeconds", Math.round((System.nanoTime() - started) / 1e9));
    report.set("acceptance", acceptance(evaluation, int8.length, fp32.length, latency));

    List<PackageManifest.ClassSpec> classSpecs = new ArrayList<>();
    for (WindowClass c : WindowClass.values()) {
      classSpecs.add(
          new PackageManifest.ClassSpec(
              c.wireName(),
              c.eventType().map(Enum::name).orElse(null),
              c.direction().map(Enum::name).orElse(null),
              c == WindowClass.NORMAL ? null : (double) thresholds[c.ordinal()]));
    }
    ObjectNode metrics = JSON.createObjectNode();
    Condition main = Condition.CALIBRATED;
    metrics.put("testEventMacroF1", round(evaluation.macroF1(main)));
    metrics.put("testCollisionRecall", round(evaluation.collisionRecall(main)));
    metrics.put("testFalseAlarmsPerHour", round(evaluation.falseAlarmsPerHour(main)));
    metrics.put(
        "testFalseCollisionsPer100Bumps", round(evaluation.falseCollisionsPer100Bumps(main)));
    metrics.put("int8Fp32Agreement", round(evaluation.agreement(main)));
    PackageManifest manifest =
        new PackageManifest(
            1,
            s.name(),
            s.version(),
            s.parentVersion().orElse(null),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            new PackageManifest.ModelFile("model.onnx", "", 0, "int8-qdq", GraphBuilder.OPSET),
            PackageManifest.Input.of(spec, ModelGraph.INPUT, WindowFeatures.LAYOUT),
            new PackageManifest.Outputs(ModelGraph.PROBABILITIES, ModelGraph.ANOMALY),
            classSpecs,
            anomalyThreshold,
            rules,
            metrics,
            dataNode,
            training,
            null);
    byte[] golden;
    try (OnnxWindowModel int8Model = load(int8, spec)) {
      golden =
          GoldenWindows.build(testVehicles, int8Model, spec)
              .toJson(spec.channels().size(), spec.windowSamples());
    }
    PackageManifest written =
        PackageWriter.write(
            s.out(),
            manifest,
            int8,
            Optional.of(golden),
            SigningKeys.loadOrCreate(s.signingKey(), out));
    Files.copy(
        SigningKeys.publicKeyOf(s.signingKey()),
        s.out().resolve("publisher.pub.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ReportWriter.write(reportDir, report);
    DriftReferenceFile.write(reportDir, driftReference);
    out.printf(
        "done in %.0f s: %s %s, event macro-F1 %.4f (calibrated), report %s%n",
        (System.nanoTime() - started) / 1e9,
        s.name(),
        s.version(),
        evaluation.macroF1(main),
        reportDir.resolve("report.html"));
    return new Result(written, report);
  }

  /** Whether a training-scenario trip is held out for validation: by its id, never by window. */
  public static boolean isValidation(String tripId) {
    return Math.floorMod(tripId.hashCode() * 0x9E3779B1, 100) < VALIDATION_PERCENT;
  }

  private static ObjectNode acceptance(
      Evaluation e, int int8Bytes, int fp32Bytes, ObjectNode latency) {
    Condition c = Condition.CALIBRATED;
    ObjectNode a = JSON.createObjectNode();
    check(a, "eventMacroF1 >= 0.95", e.macroF1(c) >= 0.95, e.macroF1(c));
    check(a, "collisionRecall >= 0.99", e.collisionRecall(c) >= 0.99, e.collisionRecall(c));
    check(a, "falseAlarmsPerHour <= 0.5", e.falseAlarmsPerHour(c) <= 0.5, e.falseAlarmsPerHour(c));
    check(
        a,
        "falseCollisionsPer100Bumps <= 1",
        e.falseCollisionsPer100Bumps(c) <= 1,
        e.falseCollisionsPer100Bumps(c));
    check(a, "int8Fp32Agreement >= 0.995", e.agreement(c) >= 0.995, e.agreement(c));
    double ratio = (double) int8Bytes / fp32Bytes;
    check(a, "int8Size <= 50% of fp32", ratio <= 0.5, ratio);
    if (latency.has("int8")) {
      double p99 = latency.get("int8").get("p99Micros").asDouble();
      check(a, "int8 p99 <= 50 us", p99 <= 50, p99);
    }
    return a;
  }

  private static void check(ObjectNode a, String what, boolean ok, double value) {
    ObjectNode n = a.putObject(what);
    n.put("value", round(value));
    n.put("met", ok);
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }

  private static OnnxWindowModel load(byte[] model, InputSpec spec) throws Exception {
    return OnnxWindowModel.load(
        model,
        spec,
        ModelGraph.PROBABILITIES,
        ModelGraph.ANOMALY,
        OnnxWindowModel.Options.defaults());
  }

  private static ClassifierTrainer.Rows rows(Dataset data, int[] rows, FeatureScaling scaling) {
    int f = data.features();
    float[] raw = new float[rows.length * f];
    int[] labels = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(data.x(), rows[i] * f, raw, i * f, f);
      labels[i] = data.label(rows[i]);
    }
    try (OnnxFunction standardize =
        new OnnxFunction(StandardizationGraph.standardizerModel(scaling.mean(), scaling.scale()))) {
      float[] z =
          rows.length == 0 ? raw : standardize.apply(raw, rows.length, new long[] {f}, "z", f);
      return new ClassifierTrainer.Rows(z, labels, rows.length);
    }
  }

  /** Up to {@code max} of {@code rows} (indices into {@code z}), drawn without replacement. */
  private static float[] sample(float[] z, List<Integer> rows, int features, int max, long seed) {
    List<Integer> chosen = new ArrayList<>(rows);
    java.util.Collections.shuffle(chosen, new java.util.Random(seed));
    chosen = chosen.subList(0, Math.min(max, chosen.size()));
    float[] out = new float[chosen.size() * features];
    for (int i = 0; i < chosen.size(); i++) {
      System.arraycopy(z, chosen.get(i) * features, out, i * features, features);
    }
    return out;
  }

  private record CalibrationWindows(float[] data, int count) {}

  /** Windows of a few training vehicles (never test ones), re-simulated as they were trained. */
  private static CalibrationWindows calibrationWindows(
      List<FleetPlan.Vehicle> vehicles, InputSpec spec) {
    int floats = spec.windowFloats();
    float[] data = new float[0];
    int count = 0;
    int used = 0;
    for (FleetPlan.Vehicle v : vehicles) {
      if (isValidation(v.vehicleId()) || used >= 6) {
        continue;
      }
      used++;
      LabelledTrip trip =
          SimulatedTrip.run(
              v, DatasetBuilder.trainingCondition(v), DatasetBuilder.trainingRate(v), spec);
      int n = Math.min(trip.windows().count(), 20_000 - count);
      data = Arrays.copyOf(data, (count + n) * floats);
      System.arraycopy(trip.windows().data(), 0, data, count * floats, n * floats);
      count += n;
    }
    return new CalibrationWindows(data, count);
  }

  private static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return 1;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
    return sorted[Math.max(0, i)];
  }
}
