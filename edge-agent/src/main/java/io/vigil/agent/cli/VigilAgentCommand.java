package io.vigil.agent.cli;

import io.vigil.inference.pkg.ModelPackageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vigil-agent} command line: the edge agent's entry point on a board. Errors a user can
 * fix (a missing file, a package that fails verification, a malformed recording) are one line on
 * stderr and exit code 2 or 3, never a stack trace.
 */
@Command(
    name = "vigil-agent",
    mixinStandardHelpOptions = true,
    version = "vigil-agent 0.1.0",
    description = "Vigil edge agent: detects driving-safety events on the vehicle.",
    subcommands = {
      RunCommand.class,
      ReplayCommand.class,
      SelftestCommand.class,
      BenchFleetCommand.class
    })
public final class VigilAgentCommand {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line; returns the exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new VigilAgentCommand());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          int code = e instanceof ModelPackageException ? 3 : 2;
          if (!(e instanceof ModelPackageException
              || e instanceof io.vigil.agent.config.ConfigException
              || e instanceof IOException
              || e instanceof UncheckedIOException
              || e instanceof IllegalArgumentException)) {
            throw e; // a bug, not a user error: keep the stack trace
          }
          String message =
              e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
          if (e instanceof IOException && message == null) {
            message = e.toString();
          }
          commandLine.getErr().println("vigil-agent: " + message);
          return code;
        });
    return cli.execute(args);
  }
}
