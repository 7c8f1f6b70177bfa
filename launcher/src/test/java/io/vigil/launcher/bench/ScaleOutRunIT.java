package io.vigil.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.brokers.mosquitto.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small {@code vigil bench-scale-out} in the default suite: separate JVMs for Kafka, two ingest
 * and two processor/API instances on Debian's mosquitto, one of each killed with SIGKILL while the
 * fleet publishes and started again; every instance must count every event exactly once.
 */
class ScaleOutRunIT {

  @TempDir Path dir;

  @Test
  void killingOneInstanceOfEachKindLosesAndDoubleCountsNothing() throws Exception {
    assumeTrue(MosquittoBroker.executable().isPresent(), "mosquitto is not installed");
    ScaleOutCommand run = new ScaleOutCommand();
    run.vehicles = 200;
    run.eventsPerVehicle = 8;
    run.rate = 60;
    run.killAfter = 6;
    // Down long enough for the partitions to move and the survivors to count alone.
    run.restartAfter = 24;
    run.reportDir = dir;

    assertThat(run.call()).as("exit code; report in " + dir).isZero();

    String report = Files.readString(dir.resolve("scale-out-latest.md"));
    assertThat(report)
        .contains("| processor-1 | 1,600 | 200 of 200 | 1,600 | 1,600 |")
        .contains("| processor-2 | 1,600 | 200 of 200 | 1,600 | 1,600 |")
        .contains("- Dead letters: 0");
    assertThat(dir.resolve("scale-out-logs/ingest-1.log")).exists();
  }
}
