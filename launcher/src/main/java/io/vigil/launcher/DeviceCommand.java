package io.vigil.launcher;

import io.vigil.protocol.auth.CredentialStore;
import io.vigil.protocol.topic.DeviceAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Issues and revokes device MQTT credentials in a credential file. */
@Command(
    name = "device",
    mixinStandardHelpOptions = true,
    description = "Manage device MQTT credentials.",
    subcommands = {DeviceCommand.Add.class, DeviceCommand.Revoke.class})
final class DeviceCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options shared by the subcommands. */
  static class Target {
    @Option(names = "--fleet", required = true, description = "Fleet id ([A-Za-z0-9_-]{1,64}).")
    String fleet;

    @Option(names = "--vehicle", required = true, description = "Vehicle id ([A-Za-z0-9_-]{1,64}).")
    String vehicle;

    @Option(
        names = "--credentials",
        descriptionKey = "device.credentials",
        description = "Credential file of the broker (default: ${DEFAULT-VALUE}).")
    Path credentials = Path.of(".vigil", "dev-stack", "mqtt-credentials");
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Issue a new token for a device; prints it once.")
  static final class Add implements Callable<Integer> {
    @picocli.CommandLine.Mixin Target target;

    @Override
    public Integer call() throws Exception {
      DeviceAddress device = new DeviceAddress(target.fleet, target.vehicle);
      String token = CredentialStore.open(target.credentials).issueDeviceToken(device);
      System.out.println("device   " + device);
      System.out.println("user     " + device.clientId() + "   (also the MQTT client id)");
      System.out.println("password " + token);
      System.out.println(
          "Stored as a hash in " + target.credentials + "; the password is not shown again.");
      System.out.println(
          "A running broker reads the changed file at the device's next connect; no restart.");
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Remove a device's credentials.")
  static final class Revoke implements Callable<Integer> {
    @picocli.CommandLine.Mixin Target target;

    @Override
    public Integer call() throws Exception {
      DeviceAddress device = new DeviceAddress(target.fleet, target.vehicle);
      boolean removed = CredentialStore.open(target.credentials).revoke(device.clientId());
      System.out.println(
          removed
              ? "revoked " + device + " (a running broker disconnects it within about a second)"
              : "no credentials for " + device);
      return removed ? 0 : 1;
    }
  }
}
