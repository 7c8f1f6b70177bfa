package io.vigil.models.cli;

import io.vigil.inference.decision.EventDecoder;
import io.vigil.inference.decision.EventRules;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.onnx.OnnxWindowModel;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.GoldenSet;
import io.vigil.inference.pkg.ManifestJson;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.ModelPackageException;
import io.vigil.inference.pkg.PackageManifest;
import io.vigil.models.bench.LatencyBenchmark;
import io.vigil.models.dataset.Condition;
import io.vigil.models.eval.Evaluation;
import io.vigil.models.pipeline.DriftReferenceFile;
import io.vigil.models.pipeline.Pipeline;
import io.vigil.models.pipeline.PipelineSettings;
import io.vigil.models.pkg.GoldenWindows;
import io.vigil.models.pkg.PackageWriter;
import io.vigil.models.pkg.SigningKeys;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.ScenarioFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil-models}: the model pipeline's command line. Errors are one line naming the file and
 * the problem, with a non-zero exit code; never a stack trace.
 */
@Command(
    name = "vigil-models",
    description = "Train, quantise, evaluate, sign and verify Vigil model packages.",
    subcommands = {
      VigilModelsCommand.PipelineCommand.class,
      VigilModelsCommand.RetrainCommand.class,
      VigilModelsCommand.VerifyCommand.class,
      VigilModelsCommand.GoldenCommand.class,
      VigilModelsCommand.DriftReferenceCommand.class,
      VigilModelsCommand.KeygenCommand.class,
      VigilModelsCommand.BenchCommand.class,
      VigilModelsCommand.EvaluateCommand.class
    })
public final class VigilModelsCommand implements Runnable {

  static final Path DEFAULT_KEY = Path.of(".vigil/keys/model-signing.pem");

  // Inherited, so every subcommand has --help (pipeline's own --version is the package's version).
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = CommandLine.ScopeType.INHERIT,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    System.exit(commandLine().execute(args));
  }

  /** The command line with its error handling: one line per error, exit 3 for bad packages. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new VigilModelsCommand());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("vigil-models: " + message(e));
          return e instanceof ModelPackageException ? 3 : 2;
        });
    return cli;
  }

  private static String message(Throwable e) {
    if (e instanceof ModelPackageException p) {
      return p.problem().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
          + ": "
          + p.getMessage();
    }
    if (e instanceof java.nio.file.NoSuchFileException n) {
      return n.getFile() + " does not exist";
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  @Command(
      name = "pipeline",
      description =
          "Generate data, train, export to ONNX, quantise to int8, evaluate, benchmark and"
              + " write a signed package with its report.")
  static class PipelineCommand implements Callable<Integer> {
    @Option(
        names = "--training-scenario",
        defaultValue = "seeds/training.yaml",
        description = "Scenario simulated for training/validation (default: ${DEFAULT-VALUE}).")
    Path trainingScenario;

    @Option(
        names = "--test-scenario",
        defaultValue = "seeds/evaluation.yaml",
        description =
            "Scenario the model never trains on; the report's numbers (default: ${DEFAULT-VALUE}).")
    Path testScenario;

    @Option(
        names = "--recording",
        description = "Extra training trip in the recording format (repeatable).")
    List<Path> recordings = List.of();

    @Option(
        names = "--reviewed-samples",
        description =
            "Training samples exported by the cloud service: a dataset directory of `vigil"
                + " export-samples` (checked against its manifest) or JSON lines (.gz ok);"
                + " reviewed events join the training data with their review's label"
                + " (repeatable).")
    List<Path> reviewedSamples = List.of();

    @Option(
        names = "--out",
        defaultValue = "models/vigil-driving/1.0.0",
        description = "Package directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
        names = "--name",
        defaultValue = "vigil-driving",
        description = "Model name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
        names = "--version",
        defaultValue = "1.0.0",
        description = "Package version (default: ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--parent-version", description = "Version this model is retrained from.")
    String parent;

    @Option(
        names = "--seed",
        defaultValue = "7",
        description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--epochs",
        defaultValue = "20",
        description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
        names = "--hidden",
        split = ",",
        defaultValue = "128,64",
        description = "Hidden layer sizes (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(
        names = "--members",
        defaultValue = "3",
        description =
            "Classifiers trained from seeds SEED, SEED+1, … and averaged in one network; their"
                + " mean depends far less on the seed than one does (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(
        names = "--clusters",
        defaultValue = "24",
        description = "k of the anomaly model's k-means (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(
        names = "--threads",
        defaultValue = "2",
        description = "Worker threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
        names = "--signing-key",
        description =
            "Ed25519 private key, PEM; created if missing (default: .vigil/keys/model-signing.pem).")
    Path signingKey = DEFAULT_KEY;

    @Option(
        names = "--bench-seconds",
        defaultValue = "5",
        description =
            "JMH seconds per measured iteration; 0 skips the benchmark (default: ${DEFAULT-VALUE}).")
    int benchSeconds;

    @Option(
        names = "--shuffle-labels",
        description =
            "Train on randomly permuted labels: a deliberately bad model, to check that the"
                + " retraining gate (or a canary's bounds) stops it.")
    boolean shuffleLabels;

    @Override
    public Integer call() throws Exception {
      List<Path> inputs = new java.util.ArrayList<>(List.of(trainingScenario, testScenario));
      inputs.addAll(reviewedSamples);
      for (Path p : inputs) {
        if (!Files.isRegularFile(p) && !(reviewedSamples.contains(p) && Files.isDirectory(p))) {
          throw new IOException(p + " does not exist (run from the repository root?)");
        }
      }
      Pipeline.run(settings(out, Optional.ofNullable(parent)), System.out);
      return 0;
    }

    PipelineSettings settings(Path out, Optional<String> parentVersion) {
      return new PipelineSettings(
          trainingScenario,
          testScenario,
          recordings,
          reviewedSamples,
          out,
          name,
          version,
          parentVersion,
          seed,
          epochs,
          hidden,
          members,
          clusters,
          threads,
          signingKey,
          benchSeconds,
          shuffleLabels);
    }
  }

  @Command(
      name = "retrain",
      description = {
        "Retrain from a published package with new reviewed samples and publish the candidate"
            + " only if the gate passes: not worse than the parent on the simulated test split"
            + " (within tolerances) and fewer errors on a held-out slice of the reviewed vehicles.",
        "Takes every pipeline option; the candidate goes to OUT (default: beside the parent,"
            + " named by --version) if it passes, else to OUT.rejected. Exit 0 = published,"
            + " 4 = refused by the gate."
      })
  static final class RetrainCommand extends PipelineCommand {
    @Option(
        names = "--parent",
        required = true,
        description = "The published package retrained from (with its report/).")
    Path parentDir;

    @Option(
        names = "--holdout",
        defaultValue = "0.3",
        description =
            "Share of the reviewed vehicles held out to judge both models (default:"
                + " ${DEFAULT-VALUE}).")
    double holdout;

    @Override
    public Integer call() throws Exception {
      if (reviewedSamples.isEmpty()) {
        throw new IllegalArgumentException(
            "retrain needs --reviewed-samples (vigil export-samples)");
      }
      for (Path p : List.of(trainingScenario, testScenario)) {
        if (!Files.isRegularFile(p)) {
          throw new IOException(p + " does not exist (run from the repository root?)");
        }
      }
      Path target =
          out.equals(Path.of("models/vigil-driving/1.0.0"))
              ? parentDir.resolveSibling(version)
              : out;
      io.vigil.models.retrain.Retrain.Result r =
          io.vigil.models.retrain.Retrain.run(
              new io.vigil.models.retrain.Retrain.Settings(
                  parentDir,
                  settings(target, Optional.empty()),
                  holdout,
                  io.vigil.models.retrain.RetrainGate.Tolerance.defaults()),
              System.out);
      return r.decision().passed() ? 0 : 4;
    }
  }

  @Command(name = "verify", description = "Verify a package's signature, hash and model.")
  static final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PACKAGE_DIR", description = "Directory with manifest.json.")
    Path dir;

    @Option(
        names = "--public-key",
        required = true,
        description = "Trusted Ed25519 public key (PEM).")
    Path publicKey;

    @Override
    public Integer call() throws Exception {
      ModelPackage pkg = ModelPackage.load(dir, Ed25519Pem.readPublic(publicKey));
      try (OnnxWindowModel model = OnnxWindowModel.load(pkg, OnnxWindowModel.Options.defaults())) {
        System.out.printf(
            "OK %s %s: signature valid, model.onnx sha256 %s, %d classes, input %s [N,%d,%d]%n",
            pkg.manifest().name(),
            pkg.manifest().version(),
            pkg.manifest().model().sha256(),
            model.classes(),
            model.spec().tensorName(),
            model.spec().channels().size(),
            model.spec().windowSamples());
        if (pkg.golden().isEmpty()) {
          System.out.println("no golden self-test in this package (add one: vigil-models golden)");
          return 0;
        }
        GoldenSet.Result r = pkg.golden().get().check(model, pkg.manifest().golden().tolerance());
        System.out.printf(
            "%s golden self-test: %d/%d windows agree on the class, max probability difference"
                + " %.2e, max anomaly difference %.2e%n",
            r.passed() ? "OK" : "FAILED",
            r.topClassAgreement(),
            pkg.golden().get().count(),
            r.maxProbabilityDiff(),
            r.maxAnomalyDiff());
        return r.passed() ? 0 : 4;
      }
    }
  }

  @Command(
      name = "golden",
      description =
          "Add (or renew) the golden self-test of a package and sign it again: one real window"
              + " per class from the test scenario with the package model's outputs.")
  static final class GoldenCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PACKAGE_DIR", description = "Directory with manifest.json.")
    Path dir;

    @Option(
        names = "--test-scenario",
        defaultValue = "seeds/evaluation.yaml",
        description = "Scenario the windows come from (default: ${DEFAULT-VALUE}).")
    Path testScenario;

    @Option(
        names = "--signing-key",
        description = "Ed25519 private key (PEM) the package is signed with.")
    Path signingKey = DEFAULT_KEY;

    @Override
    public Integer call() throws Exception {
      java.security.PrivateKey key = SigningKeys.loadOrCreate(signingKey, System.out);
      ModelPackage pkg =
          ModelPackage.load(dir, Ed25519Pem.readPublic(SigningKeys.publicKeyOf(signingKey)));
      InputSpec spec = pkg.manifest().input().toSpec();
      byte[] golden;
      GoldenSet set;
      try (OnnxWindowModel model = OnnxWindowModel.load(pkg, OnnxWindowModel.Options.defaults())) {
        set = GoldenWindows.build(FleetPlan.of(ScenarioFile.read(testScenario)), model, spec);
        golden = set.toJson(spec.channels().size(), spec.windowSamples());
      }
      PackageWriter.write(dir, pkg.manifest(), pkg.model(), Optional.of(golden), key);
      System.out.printf(
          "%s: golden self-test of %d windows written and the manifest signed again%n",
          dir, set.count());
      return 0;
    }
  }

  @Command(
      name = "drift-reference",
      description =
          "Write (or renew) a package's drift reference, report/drift-reference.json: the input"
              + " histograms of its training windows, which the cloud compares fleets' inputs"
              + " with. The pipeline writes it; this is for packages built before it did.")
  static final class DriftReferenceCommand implements Callable<Integer> {
    @Parameters(
        paramLabel = "PACKAGE_DIR",
        description = "Directory with manifest.json and report/.")
    Path dir;

    @Option(
        names = "--training-scenario",
        defaultValue = "seeds/training.yaml",
        description = "The scenario the package was trained on (default: ${DEFAULT-VALUE}).")
    Path trainingScenario;

    @Option(
        names = "--threads",
        defaultValue = "2",
        description = "Simulation threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
      DriftReferenceFile.rebuild(dir, trainingScenario, threads, System.out);
      return 0;
    }
  }

  @Command(name = "keygen", description = "Generate an Ed25519 signing key pair.")
  static final class KeygenCommand implements Callable<Integer> {
    @Option(
        names = "--out",
        description = "Private key file (default: .vigil/keys/model-signing.pem).")
    Path out = DEFAULT_KEY;

    @Option(names = "--force", description = "Overwrite an existing key.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      if (Files.exists(out) && !force) {
        throw new IOException(out + " exists; use --force to replace it");
      }
      Path pub = SigningKeys.generate(out);
      System.out.println("private key " + out + " (keep secret, never commit)");
      System.out.println("public key  " + pub + " (configure agents to trust it)");
      return 0;
    }
  }

  @Command(
      name = "evaluate",
      description =
          "Score a package on a scenario with the agent's decoder, e.g. to tune decision rules on"
              + " the validation vehicles of the training scenario.")
  static final class EvaluateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PACKAGE_DIR")
    Path dir;

    @Option(
        names = "--scenario",
        defaultValue = "seeds/training.yaml",
        description = "Scenario to score on (default: ${DEFAULT-VALUE}).")
    Path scenario;

    @Option(
        names = "--validation-only",
        defaultValue = "true",
        negatable = true,
        description =
            "Only the vehicles the pipeline holds out for validation (default: ${DEFAULT-VALUE}).")
    boolean validationOnly;

    @Option(
        names = "--threshold",
        description = "Class probability threshold (default: the manifest's).")
    Float threshold;

    @Option(
        names = "--min-windows",
        description = "Minimum windows of an event (default: the manifest's).")
    Integer minWindows;

    @Option(
        names = "--max-gap",
        description = "Windows an event may bridge (default: the manifest's).")
    Integer maxGap;

    @Option(
        names = "--min-peak-g",
        description =
            "Horizontal acceleration one of an event's windows must reach, g; 0 = none (default:"
                + " the manifest's).")
    Double minPeakG;

    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Override
    public Integer call() throws Exception {
      PackageManifest m = ManifestJson.read(Files.readAllBytes(dir.resolve("manifest.json")));
      InputSpec spec = m.input().toSpec();
      EventRules r = m.eventRules();
      r =
          new EventRules(
              r.hysteresis(),
              minWindows == null ? r.minWindows() : minWindows,
              maxGap == null ? r.maxGapWindows() : maxGap,
              r.cooldownS(),
              r.collisionClass(),
              minPeakG == null ? r.minPeakG() : minPeakG);
      float[] thresholds = m.thresholds();
      for (int i = 0; i < thresholds.length; i++) {
        if (thresholds[i] > 0 && threshold != null) {
          thresholds[i] = threshold;
        }
      }
      List<FleetPlan.Vehicle> vehicles =
          FleetPlan.of(ScenarioFile.read(scenario)).stream()
              .filter(v -> !validationOnly || Pipeline.isValidation(v.vehicleId()))
              .toList();
      try (OnnxWindowModel int8 = load(m, spec, dir.resolve(m.model().file()));
          OnnxWindowModel fp32 = load(m, spec, dir.resolve("report/model-fp32.onnx"))) {
        Evaluation e =
            Evaluation.run(
                vehicles,
                List.of(Condition.values()),
                spec,
                int8,
                fp32,
                new EventDecoder(thresholds, r, (float) m.anomalyThreshold()),
                (float) m.anomalyThreshold(),
                threads,
                System.out);
        System.out.println(e.toJson().toPrettyString());
      }
      return 0;
    }

    private static OnnxWindowModel load(PackageManifest m, InputSpec spec, Path file)
        throws Exception {
      return OnnxWindowModel.load(
          Files.readAllBytes(file),
          spec,
          m.outputs().probabilities(),
          m.outputs().anomaly(),
          OnnxWindowModel.Options.defaults());
    }
  }

  @Command(
      name = "bench",
      description = "JMH single-window latency of a package (int8) and its FP32 twin.")
  static final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PACKAGE_DIR")
    Path dir;

    @Option(
        names = "--seconds",
        defaultValue = "5",
        description = "Seconds per measured iteration.")
    int seconds;

    @Override
    public Integer call() throws Exception {
      Path fp32 = dir.resolve("report/model-fp32.onnx");
      if (!Files.isRegularFile(fp32)) {
        throw new IOException(fp32 + " does not exist: run the pipeline first");
      }
      System.out.println(
          LatencyBenchmark.run(dir.resolve("model.onnx"), fp32, seconds).toPrettyString());
      return 0;
    }
  }
}
