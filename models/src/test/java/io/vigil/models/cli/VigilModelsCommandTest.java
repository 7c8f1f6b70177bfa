package io.vigil.models.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.inference.pkg.Ed25519Pem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input gives one line naming the problem and a non-zero exit code, never a stack trace. */
class VigilModelsCommandTest {

  @TempDir Path dir;

  private String run(int expectedExit, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = VigilModelsCommand.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    assertThat(cli.execute(args)).isEqualTo(expectedExit);
    assertThat(err.toString()).doesNotContain("\tat ");
    return err.toString();
  }

  @Test
  void everySubcommandHasHelp() {
    for (String sub : VigilModelsCommand.commandLine().getSubcommands().keySet()) {
      StringWriter out = new StringWriter();
      CommandLine cli = VigilModelsCommand.commandLine();
      cli.setOut(new PrintWriter(out));
      assertThat(cli.execute(sub, "--help")).as(sub).isZero();
      assertThat(out.toString()).as(sub).contains("Usage: vigil-models " + sub);
    }
  }

  @Test
  void verifyNamesAMissingManifest() throws Exception {
    Path key = dir.resolve("k.pub.pem");
    Ed25519Pem.write(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), key);
    assertThat(run(3, "verify", dir.toString(), "--public-key", key.toString()))
        .contains("missing file", "manifest.json is missing");
  }

  @Test
  void verifyNamesABadKeyFile() throws Exception {
    Files.writeString(dir.resolve("k.pub.pem"), "hello");
    assertThat(
            run(3, "verify", dir.toString(), "--public-key", dir.resolve("k.pub.pem").toString()))
        .contains("key invalid", "PUBLIC KEY");
  }

  @Test
  void aRecordingWithAMissingColumnIsNamed() throws Exception {
    Path rec = dir.resolve("rec");
    Files.createDirectories(rec);
    Files.writeString(rec.resolve("samples.csv"), "t_ns,ax,ay,az,gx,gy\n0,0,0,9.8,0,0\n");
    String err =
        run(
            2,
            "pipeline",
            "--training-scenario",
            "src/test/resources/tiny-training.yaml",
            "--test-scenario",
            "src/test/resources/tiny-test.yaml",
            "--recording",
            rec.toString(),
            "--out",
            dir.resolve("out").toString(),
            "--epochs",
            "1",
            "--bench-seconds",
            "0",
            "--signing-key",
            dir.resolve("key.pem").toString());
    assertThat(err).contains("samples.csv", "gz");
  }

  @Test
  void aMalformedReviewedSampleLineIsNamedBeforeAnySimulation() throws Exception {
    Path export = dir.resolve("samples.jsonl");
    Files.writeString(export, "{\"schema\":1,\"event\":{\"eventId\":\"x\"}}\n");
    String err =
        run(
            2,
            "pipeline",
            "--training-scenario",
            "src/test/resources/tiny-training.yaml",
            "--test-scenario",
            "src/test/resources/tiny-test.yaml",
            "--reviewed-samples",
            export.toString(),
            "--out",
            dir.resolve("out").toString(),
            "--bench-seconds",
            "0",
            "--signing-key",
            dir.resolve("key.pem").toString());
    assertThat(err).contains("samples.jsonl:1:", "event.");
    assertThat(err).doesNotContain("\tat ");
  }

  @Test
  void keygenRefusesToOverwrite() throws Exception {
    Path key = dir.resolve("signing.pem");
    run(0, "keygen", "--out", key.toString());
    assertThat(key.resolveSibling("signing.pub.pem")).exists();
    assertThat(run(2, "keygen", "--out", key.toString())).contains("exists");
  }
}
