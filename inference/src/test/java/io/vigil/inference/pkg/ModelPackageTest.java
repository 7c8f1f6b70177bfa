package io.vigil.inference.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vigil.inference.decision.EventRules;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.onnx.OnnxWindowModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackageTest {

  @TempDir Path dir;
  private KeyPair keys;
  private final byte[] model = "not really onnx".getBytes(StandardCharsets.UTF_8);

  @BeforeEach
  void writePackage() throws Exception {
    keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    PackageManifest m =
        new PackageManifest(
            1,
            "test",
            "1.0.0",
            null,
            "2026-11-23T00:00:00Z",
            new PackageManifest.ModelFile(
                "model.onnx", ModelPackage.sha256(model), model.length, "int8-qdq", 17),
            PackageManifest.Input.of(InputSpec.v1()),
            new PackageManifest.Outputs("probabilities", "anomaly"),
            List.of(
                new PackageManifest.ClassSpec("normal", null, null, null),
                new PackageManifest.ClassSpec("harsh_braking", "HARSH_BRAKING", null, 0.5)),
            1.5,
            EventRules.defaults(-1),
            JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.objectNode(),
            null);
    byte[] json = ManifestJson.write(m);
    Files.write(dir.resolve("model.onnx"), model);
    Files.write(dir.resolve(ModelPackage.MANIFEST), json);
    Files.writeString(
        dir.resolve(ModelPackage.SIGNATURE), ModelPackage.sign(json, keys.getPrivate()));
  }

  @Test
  void aSignedPackageVerifiesAndRoundTripsItsManifest() throws Exception {
    ModelPackage pkg = ModelPackage.load(dir, keys.getPublic());
    assertThat(pkg.manifest().version()).isEqualTo("1.0.0");
    assertThat(pkg.manifest().input().toSpec()).isEqualTo(InputSpec.v1());
    assertThat(pkg.model()).isEqualTo(model);
  }

  @Test
  void aChangedManifestFailsTheSignature() throws Exception {
    Path m = dir.resolve(ModelPackage.MANIFEST);
    Files.writeString(m, Files.readString(m).replace("1.0.0", "1.0.1"));
    assertProblem(ModelPackageException.Problem.SIGNATURE_INVALID, "manifest.sig");
  }

  @Test
  void anotherKeyFailsTheSignature() throws Exception {
    KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    assertThatThrownBy(() -> ModelPackage.load(dir, other.getPublic()))
        .isInstanceOfSatisfying(
            ModelPackageException.class,
            e ->
                assertThat(e.problem()).isEqualTo(ModelPackageException.Problem.SIGNATURE_INVALID));
  }

  @Test
  void aChangedModelFailsTheHash() throws Exception {
    Files.writeString(dir.resolve("model.onnx"), "not really onnx!");
    assertProblem(ModelPackageException.Problem.HASH_MISMATCH, "model.onnx");
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    Files.delete(dir.resolve("model.onnx"));
    assertProblem(ModelPackageException.Problem.MISSING_FILE, "model.onnx is missing");
  }

  @Test
  void aCorruptModelIsRejectedByOnnxRuntimeWithAClearError() throws Exception {
    ModelPackage pkg = ModelPackage.load(dir, keys.getPublic());
    assertThatThrownBy(() -> OnnxWindowModel.load(pkg, OnnxWindowModel.Options.defaults()))
        .isInstanceOfSatisfying(
            ModelPackageException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ModelPackageException.Problem.MODEL_INVALID);
              assertThat(e.getMessage()).startsWith("ONNX Runtime cannot load the model");
            });
  }

  @Test
  void keysRoundTripThroughPem() throws Exception {
    Ed25519Pem.write(keys.getPublic(), dir.resolve("k.pub.pem"));
    Ed25519Pem.write(keys.getPrivate(), dir.resolve("k.pem"));
    assertThat(Ed25519Pem.readPublic(dir.resolve("k.pub.pem"))).isEqualTo(keys.getPublic());
    assertThat(Ed25519Pem.readPrivate(dir.resolve("k.pem")).getEncoded())
        .isEqualTo(keys.getPrivate().getEncoded());
    assertThatThrownBy(() -> Ed25519Pem.readPublic(dir.resolve("k.pem")))
        .hasMessageContaining("PUBLIC KEY");
  }

  @Test
  void anInvalidManifestNamesTheField() throws Exception {
    byte[] json =
        "{\"schema\":1,\"name\":\"x\",\"version\":\"1\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ManifestJson.read(json))
        .isInstanceOfSatisfying(
            ModelPackageException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ModelPackageException.Problem.MANIFEST_INVALID);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "manifest.json is invalid at anomalyThreshold: Cannot map `null` into type"
                          + " `double`");
            });
  }

  private void assertProblem(ModelPackageException.Problem problem, String text) {
    assertThatThrownBy(() -> ModelPackage.load(dir, keys.getPublic()))
        .isInstanceOfSatisfying(
            ModelPackageException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(problem);
              assertThat(e.getMessage()).contains(text);
            });
  }
}
