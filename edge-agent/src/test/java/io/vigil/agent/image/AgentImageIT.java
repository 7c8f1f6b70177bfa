package io.vigil.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.brokers.testkit.ContainerImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The edge agent's OCI images ({@code -Pimages}): their configuration is what deployments rely on
 * (non-root user, entrypoint, metrics port, architecture), and each image's own JRE runs the
 * shipped model's self-test on its own architecture under QEMU.
 */
class AgentImageIT {

  @ParameterizedTest
  @CsvSource({"amd64, amd64", "arm64, aarch64"})
  void imageIsConfiguredAndPassesTheSelfTest(String arch, String osArch) throws Exception {
    Path tar = ContainerImage.built("vigil-agent", arch);
    assumeTrue(ContainerImage.requested() || Files.exists(tar), "images not built (-Pimages)");
    assertThat(tar).as("-Pimages must build " + tar).exists();

    Path dir = Path.of("target", "image-check", "vigil-agent-" + arch);
    ContainerImage image = ContainerImage.read(tar, dir);
    ContainerImage.Config config = image.config();
    assertThat(config.architecture()).isEqualTo(arch);
    assertThat(config.os()).isEqualTo("linux");
    assertThat(config.user()).isEqualTo("65532:65532");
    assertThat(config.entrypoint())
        .startsWith("java")
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
        .endsWith("io.vigil.agent.cli.VigilAgentCommand");
    assertThat(config.cmd()).containsExactly("run");
    assertThat(config.exposedPorts()).containsExactly("9464/tcp");
    assertThat(config.workingDir()).isEqualTo("/opt/vigil-agent");
    assertThat(config.env()).containsEntry("VIGIL_AGENT_AGENT_DATA_DIR", "/var/lib/vigil/agent");

    Path root = image.unpack();
    assertThat(root.resolve("opt/vigil-agent/models/vigil-driving/1.0.0/model.onnx")).exists();
    Path log = dir.resolve("selftest.txt");
    Process p =
        image
            .emulate(root, List.of("selftest"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("selftest finished").isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    System.out.print(out);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("os.arch=" + osArch).contains("selftest: PASS");
  }
}
