package io.vigil.launcher;

import io.vigil.launcher.bench.BrokerBenchmarkCommand;
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
      DevStackCommand.class,
      DeviceCommand.class,
      BrokerBenchmarkCommand.class,
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
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests. */
  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new VigilCommand());
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
