package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, as a user runs it from the repository root (here on free ports and a
 * fresh data directory, and with {@code --check} so that it ends): the brokers, the cloud service
 * and the simulated demo fleet start, the live line shows progress, and every driver of the fleet
 * has a score well within 90 seconds of the services starting. Then it stops cleanly.
 */
class DemoIT {

  @TempDir Path dir;

  @Test
  void everyDriverOfTheDemoFleetHasAScoreWithin90SecondsOfTheServicesStarting() throws Exception {
    Path out = dir.resolve("demo.out");
    Process demo =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    VigilCommand.class.getName(),
                    "demo",
                    "--check",
                    "--http-port=0",
                    "--kafka-port=0",
                    "--mqtt-port=0",
                    "--data-dir=" + dir.resolve("data")))
            .directory(Path.of("..").toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(demo.waitFor(5, TimeUnit.MINUTES)).as("the demo ended").isTrue();
    String printed = Files.readString(out);
    assertThat(demo.exitValue()).as(printed).isZero();
    assertThat(printed)
        .contains("/api/v1/fleets/demo/leaderboard/drivers")
        .contains("live: ")
        .contains("Vigil demo: the model registry holds vigil-driving 1.0.0")
        .containsPattern("every driver \\(9\\) had a score [0-9.]+ s after the services started")
        .contains("Vigil demo: stopped cleanly");
    System.out.println(
        printed.lines().filter(l -> l.contains("had a score")).findFirst().orElseThrow());
  }
}
