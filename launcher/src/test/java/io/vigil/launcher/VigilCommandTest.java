package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input to the vigil command gives one clear line and a non-zero exit, never a trace. */
class VigilCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine line = VigilCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Test
  void unknownOnlyValueIsRefusedClearly() {
    assertThat(run("dev-stack", "--only", "zookeeper")).isEqualTo(2);
    assertThat(err.toString()).contains("--only must be 'kafka' or 'mqtt'").doesNotContain("\tat ");
  }

  @Test
  void deviceIdsWithWildcardsAreRefusedClearly(@TempDir Path dir) {
    int code =
        run(
            "device",
            "add",
            "--fleet",
            "acme",
            "--vehicle",
            "truck#1",
            "--credentials",
            dir.resolve("c").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("vehicleId must match").doesNotContain("\tat ");
  }

  @Test
  void deviceAddThenRevoke(@TempDir Path dir) {
    String file = dir.resolve("c").toString();
    assertThat(run("device", "add", "--fleet", "acme", "--vehicle", "t1", "--credentials", file))
        .isZero();
    assertThat(run("device", "revoke", "--fleet", "acme", "--vehicle", "t1", "--credentials", file))
        .isZero();
    assertThat(run("device", "revoke", "--fleet", "acme", "--vehicle", "t1", "--credentials", file))
        .isEqualTo(1);
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    assertThat(run("device", "add", "--fleet", "acme")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option").contains("--vehicle");
  }
}
