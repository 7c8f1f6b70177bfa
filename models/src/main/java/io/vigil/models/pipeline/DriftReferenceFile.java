package io.vigil.models.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.models.dataset.Dataset;
import io.vigil.models.dataset.DatasetBuilder;
import io.vigil.protocol.drift.DriftReference;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.ScenarioFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A package's drift reference ({@value DriftReference#FILE} in its report directory): the input
 * histograms of the windows it was trained on. The pipeline writes it with the package; {@link
 * #rebuild} recomputes it for a package built before references existed, from the same training
 * scenario (checked by its SHA-256) and the same simulation, so the counts are the pipeline's. It
 * is a report, not part of the signed package: adding one changes no signature.
 */
public final class DriftReferenceFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DriftReferenceFile() {}

  /** The reference of what {@code builder} counted, for {@code dataset}. */
  static DriftReference of(
      String name, String version, Path trainingScenario, DatasetBuilder builder, Dataset dataset)
      throws IOException {
    String source =
        "the "
            + dataset.size()
            + " windows of "
            + dataset.trips().size()
            + " trips trained and validated on, from "
            + trainingScenario
            + " (sha256 "
            + ModelPackage.sha256(Files.readAllBytes(trainingScenario))
            + ") and any recordings and reviewed samples in the report";
    return new DriftReference(name, version, source, dataset.size(), builder.inputs().byChannel());
  }

  static void write(Path reportDir, DriftReference reference) throws IOException {
    Files.createDirectories(reportDir);
    Files.writeString(reportDir.resolve(DriftReference.FILE), reference.toJson());
  }

  /**
   * Recomputes the reference of the package in {@code pkg} from {@code trainingScenario}.
   *
   * @throws IOException if the package has no report, the scenario is not the one it was trained
   *     on, or it was also trained on recordings or reviewed samples (which this cannot replay)
   */
  public static DriftReference rebuild(
      Path pkg, Path trainingScenario, int threads, PrintStream out) throws IOException {
    Path reportFile = pkg.resolve("report/report.json");
    if (!Files.isRegularFile(reportFile)) {
      throw new IOException(pkg + " has no report/report.json: is it a package directory?");
    }
    JsonNode report = JSON.readTree(reportFile.toFile());
    JsonNode data = report.path("data");
    String sha = ModelPackage.sha256(Files.readAllBytes(trainingScenario));
    if (!sha.equals(data.path("trainingScenarioSha256").asText())) {
      throw new IOException(
          trainingScenario
              + " is not the scenario "
              + pkg
              + " was trained on (its report names "
              + data.path("trainingScenario").asText()
              + ", sha256 "
              + data.path("trainingScenarioSha256").asText()
              + ")");
    }
    if (!data.path("recordings").isEmpty() || !data.path("reviewedSamples").isEmpty()) {
      throw new IOException(
          pkg
              + " was also trained on recordings or reviewed samples, which cannot be replayed"
              + " here; rerun its pipeline, which writes the reference");
    }
    InputSpec spec = InputSpec.v1();
    List<FleetPlan.Vehicle> vehicles = FleetPlan.of(ScenarioFile.read(trainingScenario));
    out.println("drift reference: the training windows of " + trainingScenario);
    DatasetBuilder builder = new DatasetBuilder(spec, threads, out);
    Dataset dataset =
        builder.simulate(
            vehicles,
            DatasetBuilder::trainingCondition,
            DatasetBuilder::trainingRate,
            "training windows");
    if (dataset.size() != data.path("windows").asLong()) {
      throw new IOException(
          "the scenario gave "
              + dataset.size()
              + " windows, the package's report "
              + data.path("windows").asLong()
              + ": the simulator has changed since it was built");
    }
    DriftReference ref =
        of(
            report.path("name").asText(),
            report.path("version").asText(),
            trainingScenario,
            builder,
            dataset);
    write(pkg.resolve("report"), ref);
    out.printf(
        "wrote %s (%,d windows)%n",
        pkg.resolve("report").resolve(DriftReference.FILE), ref.windows());
    return ref;
  }
}
