package io.vigil.agent.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.ModelPackageException;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a model package runs its golden self-test and refuses a model that fails it. */
class DetectionModelTest {

  @TempDir Path dir;

  @Test
  void aPackageWhoseModelMatchesItsGoldenOutputsLoads() throws Exception {
    KeyPair keys = PackageFixtures.keys();
    Path pkg = PackageFixtures.copy(dir.resolve("ok"), keys, g -> {});
    try (DetectionModel model = DetectionModel.load(ModelPackage.load(pkg, keys.getPublic()))) {
      assertThat(model.selfTest()).hasValueSatisfying(r -> assertThat(r.passed()).isTrue());
      assertThat(model.classCount()).isEqualTo(8);
    }
  }

  @Test
  void aGoldenFileChangedAfterSigningIsAHashMismatch() throws Exception {
    KeyPair keys = PackageFixtures.keys();
    Path pkg = PackageFixtures.copy(dir.resolve("tampered"), keys, g -> {});
    java.nio.file.Files.writeString(
        pkg.resolve("golden.json"), " ", java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> ModelPackage.load(pkg, keys.getPublic()))
        .isInstanceOfSatisfying(
            ModelPackageException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ModelPackageException.Problem.HASH_MISMATCH);
              assertThat(e.getMessage()).contains("golden.json");
            });
  }

  @Test
  void aModelThatFailsItsSelfTestIsRefusedWithTheFigures() throws Exception {
    KeyPair keys = PackageFixtures.keys();
    Path pkg = PackageFixtures.copy(dir.resolve("bad"), keys, PackageFixtures::swapFirstClasses);
    ModelPackage verified = ModelPackage.load(pkg, keys.getPublic());

    assertThatThrownBy(() -> DetectionModel.load(verified))
        .isInstanceOf(ModelPackageException.class)
        .hasMessageContaining("failed its golden self-test")
        .hasMessageContaining("max probability difference");
  }
}
