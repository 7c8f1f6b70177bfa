package io.vigil.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of a multi-process run: started from this JVM's own java and class path with system
 * properties and arguments, its output in a log file, stopped gracefully or killed like a crashed
 * machine (SIGKILL), and started again the same way.
 */
final class ChildJvm implements AutoCloseable {

  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;

  private ChildJvm(String name, List<String> command, Path log) {
    this.name = name;
    this.command = command;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} in a new JVM.
   *
   * @param heap maximum heap, as for -Xmx (e.g. "512m")
   */
  static ChildJvm start(
      String name,
      String mainClass,
      String heap,
      Map<String, Object> properties,
      List<String> args,
      Path logDir)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + heap);
    command.add("-XX:+UseSerialGC");
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    Files.createDirectories(logDir);
    ChildJvm jvm = new ChildJvm(name, List.copyOf(command), logDir.resolve(name + ".log"));
    // A restart appends to the log; a new run starts it afresh.
    Files.deleteIfExists(jvm.log);
    jvm.launch();
    return jvm;
  }

  private void launch() throws IOException {
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until the log has a line containing {@code text}; returns that line. */
  String awaitLine(String text, Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          if (line.contains(text)) {
            return line;
          }
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited (" + process.exitValue() + "), see " + log);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not log '" + text + "' within " + limit);
  }

  /** SIGKILL: no shutdown hooks, no clean leave, like a machine that lost power. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Starts the same command again (after a kill). */
  void restart() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    launch();
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
