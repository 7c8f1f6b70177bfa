package io.vigil.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.inference.onnx.OnnxWindowModel;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.models.dataset.ReviewedSampleFiles;
import io.vigil.protocol.drift.DriftReference;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reduced pipeline of the default test suite: the real steps (simulate, DJL training, ONNX
 * export, int8 calibration, evaluation, signing) on nine short training trips and three test trips,
 * run twice to show the seeded rerun reproduces the data and the metrics.
 */
class PipelineTest {

  @TempDir Path dir;

  private PipelineSettings settings(Path out, Path reviewed) {
    return new PipelineSettings(
        Path.of("src/test/resources/tiny-training.yaml"),
        Path.of("src/test/resources/tiny-test.yaml"),
        List.of(),
        List.of(reviewed),
        out,
        "vigil-driving",
        "0.0.1-test",
        Optional.of("0.0.0"),
        7,
        3,
        new int[] {32, 16},
        2, // the ensemble's merge runs through export, quantisation and the golden windows
        8,
        2,
        dir.resolve("keys/signing.pem"),
        0);
  }

  @Test
  void producesAVerifiedPackageAndAReportAndRerunsTheSame() throws Exception {
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    Path reviewed =
        ReviewedSampleFiles.write(dir.resolve("reviewed.jsonl"), ReviewedSampleFiles.mixed());
    Pipeline.Result first = Pipeline.run(settings(dir.resolve("a"), reviewed), quiet);
    Pipeline.Result second = Pipeline.run(settings(dir.resolve("b"), reviewed), quiet);

    Path pkgDir = dir.resolve("a");
    ModelPackage pkg =
        ModelPackage.load(pkgDir, Ed25519Pem.readPublic(dir.resolve("keys/signing.pub.pem")));
    assertThat(pkg.manifest().parentVersion()).isEqualTo("0.0.0");
    assertThat(pkg.manifest().classes()).hasSize(8);
    try (OnnxWindowModel m = OnnxWindowModel.load(pkg, OnnxWindowModel.Options.defaults())) {
      assertThat(m.classes()).isEqualTo(8);
      assertThat(pkg.golden()).isPresent();
      assertThat(pkg.golden().get().count()).isGreaterThanOrEqualTo(2);
      assertThat(pkg.golden().get().check(m, pkg.manifest().golden().tolerance()).passed())
          .isTrue();
    }
    assertThat(pkgDir.resolve("report/report.html")).isNotEmptyFile();
    assertThat(Files.readString(pkgDir.resolve("report/report.html")))
        .contains("<svg", "Event level", "calibrated", "nothing_known");
    JsonNode report = new ObjectMapper().readTree(pkgDir.resolve("report/report.json").toFile());
    assertThat(report.path("test").fieldNames()).toIterable().hasSize(4);
    assertThat(report.path("size").path("int8Bytes").asLong())
        .isLessThan(report.path("size").path("fp32Bytes").asLong());

    // The drift reference counts every window's newest hop, as agents count their inputs.
    DriftReference ref =
        DriftReference.parse(Files.readString(pkgDir.resolve("report/" + DriftReference.FILE)));
    assertThat(ref.version()).isEqualTo("0.0.1-test");
    assertThat(ref.windows()).isEqualTo(report.path("data").path("windows").asLong());
    assertThat(ref.counts()).containsKeys("accel_x", "accel_z", "gyro_z", "speed");
    for (long[] c : ref.counts().values()) {
      assertThat(java.util.Arrays.stream(c).sum()).isEqualTo(ref.windows() * 25);
    }
    assertThatThrownBy(
            () ->
                DriftReferenceFile.rebuild(
                    pkgDir, Path.of("src/test/resources/tiny-training.yaml"), 2, quiet))
        .hasMessageContaining("also trained on recordings or reviewed samples");
    assertThatThrownBy(
            () ->
                DriftReferenceFile.rebuild(
                    pkgDir, Path.of("src/test/resources/tiny-test.yaml"), 2, quiet))
        .hasMessageContaining("is not the scenario");

    JsonNode reviewedSource = first.report().path("data").path("reviewedSamples").path(0);
    assertThat(reviewedSource.path("trips").asInt()).isEqualTo(3);
    assertThat(reviewedSource.path("unreviewed").asInt()).isEqualTo(1);
    assertThat(first.report().path("data").path("trips").asInt())
        .as("nine simulated training trips and three reviewed snippets")
        .isEqualTo(9 + 3);
    assertThat(second.report().path("data").path("fingerprint"))
        .isEqualTo(first.report().path("data").path("fingerprint"));
    for (String c : List.of("calibrated", "no_gps")) {
      double a =
          first
              .report()
              .path("test")
              .path(c)
              .path("windowLevel")
              .path("normal")
              .path("f1")
              .asDouble();
      double b =
          second
              .report()
              .path("test")
              .path(c)
              .path("windowLevel")
              .path("normal")
              .path("f1")
              .asDouble();
      assertThat(a).isCloseTo(b, within(0.02));
    }
  }
}
