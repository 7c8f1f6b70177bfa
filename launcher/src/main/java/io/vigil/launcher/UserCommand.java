package io.vigil.launcher;

import io.vigil.cloud.auth.Role;
import io.vigil.cloud.auth.UserStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds and removes dashboard users in the cloud service's users file. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "Manage dashboard and API users (one fleet and one role each).",
    subcommands = {UserCommand.Add.class, UserCommand.Remove.class})
final class UserCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options shared by the subcommands. */
  static class Target {
    @Parameters(index = "0", description = "User name ([A-Za-z0-9_-]{1,64}).")
    String name;

    @Option(
        names = "--users",
        descriptionKey = "user.users",
        description = "Users file of the cloud service (default: ${DEFAULT-VALUE}).")
    Path users = Path.of(".vigil", "cloud", "users");
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add a user (or renew their password); prints the password once.")
  static final class Add implements Callable<Integer> {
    @picocli.CommandLine.Mixin Target target;

    @Option(names = "--fleet", required = true, description = "The one fleet the user sees.")
    String fleet;

    @Option(
        names = "--role",
        descriptionKey = "user.role",
        defaultValue = "viewer",
        description = "viewer, reviewer or admin (default: ${DEFAULT-VALUE}).")
    String role;

    @Override
    public Integer call() throws Exception {
      String password = UserStore.open(target.users).add(target.name, fleet, Role.named(role));
      System.out.println("user     " + target.name + " (" + role + " of fleet " + fleet + ")");
      System.out.println("password " + password);
      System.out.println(
          "Stored as a hash in " + target.users + "; the password is not shown again.");
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
  static final class Remove implements Callable<Integer> {
    @picocli.CommandLine.Mixin Target target;

    @Override
    public Integer call() throws Exception {
      boolean removed = UserStore.open(target.users).remove(target.name);
      System.out.println(removed ? "removed " + target.name : "no user " + target.name);
      return removed ? 0 : 1;
    }
  }
}
