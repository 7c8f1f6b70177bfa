package io.vigil.models.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.models.dataset.ReviewedSampleFiles;
import io.vigil.models.pipeline.DriftReferenceFile;
import io.vigil.models.pipeline.Pipeline;
import io.vigil.models.pipeline.PipelineSettings;
import io.vigil.protocol.drift.DriftReference;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retraining job on the reduced pipeline: a parent package, then a candidate from it with
 * reviewed samples, judged by the gate on the held-out vehicles and the test split, and placed by
 * the decision (published, or kept aside as rejected) with the comparison in its report.
 */
class RetrainTest {

  @TempDir Path dir;

  private PipelineSettings settings(Path out, String version, List<Path> reviewed) {
    return new PipelineSettings(
        Path.of("src/test/resources/tiny-training.yaml"),
        Path.of("src/test/resources/tiny-test.yaml"),
        List.of(),
        reviewed,
        out,
        "vigil-driving",
        version,
        Optional.empty(),
        7,
        3,
        new int[] {32, 16},
        1,
        8,
        2,
        dir.resolve("keys/signing.pem"),
        0);
  }

  @Test
  void theCandidateIsJudgedAgainstItsParentAndPlacedByTheDecision() throws Exception {
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    Path parentDir = dir.resolve("1.0.0");
    Pipeline.run(settings(parentDir, "1.0.0", List.of()), quiet);
    // A package trained on its scenario alone gets the very same drift reference rebuilt.
    Path refFile = parentDir.resolve("report/" + DriftReference.FILE);
    DriftReference written = DriftReference.parse(Files.readString(refFile));
    Files.delete(refFile);
    DriftReference rebuilt =
        DriftReferenceFile.rebuild(
            parentDir, Path.of("src/test/resources/tiny-training.yaml"), 2, quiet);
    assertThat(rebuilt.windows()).isEqualTo(written.windows());
    assertThat(rebuilt.counts().keySet()).isEqualTo(written.counts().keySet());
    written.counts().forEach((ch, c) -> assertThat(rebuilt.counts().get(ch)).isEqualTo(c));
    assertThat(refFile).exists();
    Path reviewed =
        ReviewedSampleFiles.write(dir.resolve("reviewed.jsonl"), ReviewedSampleFiles.mixed());
    Path out = dir.resolve("1.1.0");

    Retrain.Result r =
        Retrain.run(
            new Retrain.Settings(
                parentDir,
                settings(out, "1.1.0", List.of(reviewed)),
                0.3,
                RetrainGate.Tolerance.defaults()),
            quiet);

    Path placed = r.decision().passed() ? out : dir.resolve("1.1.0.rejected");
    assertThat(r.candidate()).isEqualTo(placed);
    assertThat(placed.resolve("manifest.json")).exists();
    assertThat(dir.resolve("1.1.0.candidate")).doesNotExist();
    assertThat(Files.exists(out)).isEqualTo(r.decision().passed());

    ObjectMapper json = new ObjectMapper();
    JsonNode gate = json.readTree(placed.resolve("report/gate.json").toFile());
    assertThat(gate.path("passed").asBoolean()).isEqualTo(r.decision().passed());
    assertThat(gate.path("heldOutVehicles")).isNotEmpty();
    JsonNode parentReport = json.readTree(parentDir.resolve("report/report.json").toFile());
    JsonNode first = gate.path("checks").get(0);
    String condition = parentReport.path("test").fieldNames().next();
    assertThat(first.path("name").asText()).isEqualTo(condition + ": event macro-F1");
    assertThat(first.path("parent").asDouble())
        .isEqualTo(parentReport.path("test").path(condition).path("eventMacroF1").asDouble());
    // 4 checks for each of the 4 conditions, and the held-out comparison.
    assertThat(r.decision().checks()).hasSize(17);
    JsonNode candidateReport = json.readTree(placed.resolve("report/report.json").toFile());
    assertThat(candidateReport.path("data").path("reviewedSamples").path(0).path("trips").asInt())
        .as("the held-out vehicles' snippets are not trained on")
        .isLessThan(3);
    assertThat(Files.readString(placed.resolve("report/gate.html"))).contains("1.0.0", "1.1.0");

    if (r.decision().passed()) {
      assertThatThrownBy(
              () ->
                  Retrain.run(
                      new Retrain.Settings(
                          parentDir,
                          settings(out, "1.1.0", List.of(reviewed)),
                          0.3,
                          RetrainGate.Tolerance.defaults()),
                      quiet))
          .hasMessageContaining("never replaced");
    }
  }

  @Test
  void aDifferentTestScenarioOrTooFewReviewedVehiclesIsRefused() throws Exception {
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    Path parentDir = dir.resolve("1.0.0");
    Pipeline.run(settings(parentDir, "1.0.0", List.of()), quiet);
    Path one =
        ReviewedSampleFiles.write(
            dir.resolve("one.jsonl"), ReviewedSampleFiles.mixed().subList(0, 1));
    assertThatThrownBy(
            () ->
                Retrain.run(
                    new Retrain.Settings(
                        parentDir,
                        settings(dir.resolve("1.1.0"), "1.1.0", List.of(one)),
                        0.3,
                        RetrainGate.Tolerance.defaults()),
                    quiet))
        .hasMessageContaining("at least 2 vehicles");

    Path reviewed =
        ReviewedSampleFiles.write(dir.resolve("reviewed.jsonl"), ReviewedSampleFiles.mixed());
    PipelineSettings s = settings(dir.resolve("1.1.0"), "1.1.0", List.of(reviewed));
    PipelineSettings otherTraining =
        new PipelineSettings(
            s.testScenario(),
            s.testScenario(),
            s.recordings(),
            s.reviewedSamples(),
            s.out(),
            s.name(),
            s.version(),
            s.parentVersion(),
            s.seed(),
            s.epochs(),
            s.hidden(),
            s.members(),
            s.clusters(),
            s.threads(),
            s.signingKey(),
            s.benchSeconds());
    assertThatThrownBy(
            () ->
                Retrain.run(
                    new Retrain.Settings(
                        parentDir, otherTraining, 0.3, RetrainGate.Tolerance.defaults()),
                    quiet))
        .hasMessageContaining("is not the scenario the parent was trained on");
  }
}
