package io.vigil.launcher;

import io.vigil.launcher.bench.BrokerBenchmarkCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vigil} command line. Errors in user input are reported as one line with the usage,
 * never as a stack trace.
 */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    version = "vigil 0.1.0-SNAPSHOT",
    description = "Vigil: edge-to-cloud vehicle telematics anomaly detection.",
    subcommands = {
      DemoCommand.class,
      DevStackCommand.class,
      DeviceCommand.class,
      UserCommand.class,
      ModelReleaseCommand.class,
      ModelRegisterCommand.class,
      ExportSamplesCommand.class,
      SimulateCommand.class,
      PlotCommand.class,
      BrokerBenchmarkCommand.class,
      io.vigil.launcher.bench.PipelineBenchmarkCommand.class,
      io.vigil.launcher.bench.SimulatorBenchmarkCommand.class,
      io.vigil.launcher.bench.ScaleOutCommand.class,
      CommandLine.HelpCommand.class
    })
public final class VigilCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    // HiveMQ's jar carries its own logback.xml; name ours explicitly so Logback neither picks
    // theirs nor prints its duplicate-resource warnings.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "vigil-logback.xml");
    }
    CommandLine line;
    try {
      line = commandLine();
    } catch (IllegalArgumentException e) {
      System.err.println("vigil: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(line.execute(args));
  }

  /** Environment variable naming the configuration file. */
  static final String CONFIG_ENV = "VIGIL_CONFIG";

  /** Configuration file read from the working directory when {@value #CONFIG_ENV} is unset. */
  static final String DEFAULT_CONFIG_FILE = "vigil.properties";

  /** The configured command line, with defaults from the configuration file if there is one. */
  public static CommandLine commandLine() {
    String named = System.getenv(CONFIG_ENV);
    return commandLine(
        named != null ? Path.of(named) : Path.of(DEFAULT_CONFIG_FILE), named != null);
  }

  /**
   * The command line with option defaults from {@code configFile} (keys as in {@code
   * vigil.reference.properties}); flags given on the command line still win. A missing file is an
   * error only if it was asked for by name.
   */
  static CommandLine commandLine(Path configFile, boolean required) {
    CommandLine line = new CommandLine(new VigilCommand());
    if (Files.isRegularFile(configFile)) {
      line.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(configFile.toFile()));
    } else if (required) {
      throw new IllegalArgumentException(
          CONFIG_ENV + " names " + configFile + ", which is not a readable file");
    }
    line.setExecutionExceptionHandler(
        (error, cmd, parsed) -> {
          cmd.getErr().println(cmd.getColorScheme().errorText("vigil: " + describe(error)));
          return 2;
        });
    return line;
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }
}
