package io.vigil.agent.detect;

import io.vigil.inference.decision.EventDecoder;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.onnx.OnnxWindowModel;
import io.vigil.inference.pkg.GoldenSet;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.ModelPackageException;
import io.vigil.inference.pkg.PackageManifest;
import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A verified model package ready to score windows: its ONNX Runtime session (one per JVM, shared by
 * every vehicle), the input spec, the decoder built from the manifest's thresholds and rules, and
 * what each class means as a protocol event. Everything comes from the manifest; nothing about the
 * model is hard-coded here.
 */
public final class DetectionModel implements AutoCloseable {

  /**
   * What a model class reports.
   *
   * @param type event type, empty for the normal class
   * @param direction its direction, where the class has one
   */
  public record ClassMeaning(Optional<EventType> type, Optional<Direction> direction) {}

  private final PackageManifest manifest;
  private final OnnxWindowModel session;
  private final EventDecoder decoder;
  private final List<ClassMeaning> classes;
  private Optional<GoldenSet.Result> selfTest = Optional.empty();

  private DetectionModel(
      PackageManifest manifest, OnnxWindowModel session, List<ClassMeaning> classes) {
    this.manifest = manifest;
    this.session = session;
    this.classes = classes;
    this.decoder =
        new EventDecoder(
            manifest.thresholds(), manifest.eventRules(), (float) manifest.anomalyThreshold());
  }

  /**
   * Opens a session for a verified package and runs its golden self-test; a model ONNX Runtime
   * cannot load, or whose outputs on the golden windows differ from the recorded ones, is refused.
   */
  public static DetectionModel load(ModelPackage pkg) throws ModelPackageException {
    List<ClassMeaning> classes = meanings(pkg.manifest());
    OnnxWindowModel session = OnnxWindowModel.load(pkg, OnnxWindowModel.Options.defaults());
    DetectionModel model = new DetectionModel(pkg.manifest(), session, classes);
    if (pkg.golden().isPresent()) {
      GoldenSet.Result r = pkg.golden().get().check(session, pkg.manifest().golden().tolerance());
      model.selfTest = Optional.of(r);
      if (!r.passed()) {
        model.close();
        throw new ModelPackageException(
            ModelPackageException.Problem.MODEL_INVALID,
            String.format(
                "model %s %s failed its golden self-test: %d/%d windows agree on the class, max"
                    + " probability difference %.3g (tolerance %.3g)",
                pkg.manifest().name(),
                pkg.manifest().version(),
                r.topClassAgreement(),
                pkg.golden().get().count(),
                r.maxProbabilityDiff(),
                pkg.manifest().golden().tolerance()));
      }
    }
    return model;
  }

  /** The golden self-test's result at load, if the package has one. */
  public Optional<GoldenSet.Result> selfTest() {
    return selfTest;
  }

  private static List<ClassMeaning> meanings(PackageManifest manifest)
      throws ModelPackageException {
    List<ClassMeaning> meanings = new ArrayList<>();
    for (PackageManifest.ClassSpec c : manifest.classes()) {
      try {
        meanings.add(
            new ClassMeaning(
                Optional.ofNullable(c.eventType())
                    .map(t -> EventType.valueOf(t.toUpperCase(Locale.ROOT))),
                Optional.ofNullable(c.direction())
                    .map(d -> Direction.valueOf(d.toUpperCase(Locale.ROOT)))));
      } catch (IllegalArgumentException e) {
        throw new ModelPackageException(
            ModelPackageException.Problem.MANIFEST_INVALID,
            "manifest.json: class "
                + c.name()
                + " names an unknown event type or direction ("
                + c.eventType()
                + ", "
                + c.direction()
                + ")");
      }
    }
    return List.copyOf(meanings);
  }

  public PackageManifest manifest() {
    return manifest;
  }

  public String version() {
    return manifest.version();
  }

  public InputSpec spec() {
    return session.spec();
  }

  public EventDecoder decoder() {
    return decoder;
  }

  public int classCount() {
    return classes.size();
  }

  public ClassMeaning meaning(int classIndex) {
    return classes.get(classIndex);
  }

  public float anomalyThreshold() {
    return (float) manifest.anomalyThreshold();
  }

  /** Scores {@code count} windows; see {@link OnnxWindowModel#run}. */
  public void score(float[] windows, int count, float[] probabilities, float[] anomaly) {
    session.run(windows, count, probabilities, anomaly);
  }

  @Override
  public void close() {
    session.close();
  }
}
