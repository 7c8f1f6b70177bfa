package io.vigil.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.inference.input.WindowFeatures;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.ModelPackageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both input layouts load and reproduce their package's golden outputs: the shipped package (the
 * graph takes {@link WindowFeatures}) and the first 1.0.0 package, whose graph computed its
 * features with ONNX operators from the raw windows and which agents in the field may still hold.
 */
class OnnxWindowModelLayoutTest {

  @Test
  void theShippedPackageTakesWindowFeatures() throws Exception {
    assertGoldenOutputs(Path.of("../models/vigil-driving/1.0.0"), WindowFeatures.LAYOUT);
  }

  @Test
  void aPackageWhoseGraphTakesRawWindowsStillWorks() throws Exception {
    assertGoldenOutputs(Path.of("src/test/resources/packages/vigil-driving-1.0.0-nct"), "NCT");
  }

  @Test
  void rulesWrittenBeforeThePhysicalFloorGetNone() throws Exception {
    Path dir = Path.of("src/test/resources/packages/vigil-driving-1.0.0-nct");
    ModelPackage pkg =
        ModelPackage.load(dir, Ed25519Pem.readPublic(dir.resolve("publisher.pub.pem")));
    assertThat(pkg.manifest().eventRules().minPeakG()).isZero();
    assertThat(pkg.manifest().eventRules().minWindows()).isEqualTo(2);
  }

  @Test
  void aManifestThatMisstatesTheLayoutIsRefused(@TempDir Path dir) throws Exception {
    Path shipped = Path.of("../models/vigil-driving/1.0.0");
    Files.copy(shipped.resolve("model.onnx"), dir.resolve("model.onnx"));
    Files.copy(shipped.resolve("golden.json"), dir.resolve("golden.json"));
    byte[] manifest =
        Files.readString(shipped.resolve(ModelPackage.MANIFEST))
            .replace("\"" + WindowFeatures.LAYOUT + "\"", "\"NCT\"")
            .getBytes(StandardCharsets.UTF_8);
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Files.write(dir.resolve(ModelPackage.MANIFEST), manifest);
    Files.writeString(
        dir.resolve(ModelPackage.SIGNATURE), ModelPackage.sign(manifest, keys.getPrivate()));
    ModelPackage pkg = ModelPackage.load(dir, keys.getPublic());
    assertThatThrownBy(() -> OnnxWindowModel.load(pkg, OnnxWindowModel.Options.defaults()))
        .isInstanceOfSatisfying(
            ModelPackageException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ModelPackageException.Problem.MANIFEST_INVALID);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "the manifest says input 'features' in layout NCT, but the model takes"
                          + " 'features' in layout features-v1");
            });
  }

  private static void assertGoldenOutputs(Path dir, String layout) throws Exception {
    ModelPackage pkg =
        ModelPackage.load(dir, Ed25519Pem.readPublic(dir.resolve("publisher.pub.pem")));
    assertThat(pkg.manifest().input().layout()).isEqualTo(layout);
    try (OnnxWindowModel model = OnnxWindowModel.load(pkg, OnnxWindowModel.Options.defaults())) {
      assertThat(model.layout()).isEqualTo(layout);
      assertThat(pkg.golden()).isPresent();
      assertThat(pkg.golden().get().check(model, pkg.manifest().golden().tolerance()).passed())
          .isTrue();
    }
  }
}
