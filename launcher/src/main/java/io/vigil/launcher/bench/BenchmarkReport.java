package io.vigil.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** What every benchmark report shares: the line that says where it ran, and where it goes. */
final class BenchmarkReport {

  private BenchmarkReport() {}

  /** "Run {time} on {cores} cores, {vm} {version}, max heap {n} MiB." */
  static String runLine() {
    return "Run "
        + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
        + " on "
        + Runtime.getRuntime().availableProcessors()
        + " cores, "
        + System.getProperty("java.vm.name")
        + ' '
        + System.getProperty("java.version")
        + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024)
        + " MiB.";
  }

  /** Writes the report to {@code dir/name} and prints it with where it went. */
  static void publish(Path dir, String name, CharSequence report) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, report, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(report);
    System.out.println("Report written to " + file.toAbsolutePath());
  }
}
