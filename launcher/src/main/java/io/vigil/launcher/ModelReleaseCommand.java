package io.vigil.launcher;

import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.PackageRelease;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.ModelManifest;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Rolls a signed model package out to agents over MQTT by hand: verifies it, publishes its archive
 * retained on the fleet's content-addressed package topic, then its announcement retained on the
 * fleet's model topic (or one vehicle's, for a canary), active or in shadow. {@code --clear} takes
 * an announcement back. The cloud's model registry does the same through {@link PackageRelease}.
 */
@Command(
    name = "model-release",
    mixinStandardHelpOptions = true,
    description = {
      "Announce a signed model package to a fleet's agents (or one vehicle's) over MQTT.",
      "The package bytes go retained to vigil/v1/FLEET/model/package/SHA256, the announcement",
      "retained to vigil/v1/FLEET/model (or vigil/v1/FLEET/VEHICLE/model with --vehicle)."
    })
final class ModelReleaseCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      description = "Model package directory, e.g. models/vigil-driving/1.0.0.")
  Path packageDir;

  @Option(names = "--fleet", required = true, description = "Fleet whose agents take the model.")
  String fleet;

  @Option(
      names = "--vehicle",
      descriptionKey = "model-release.vehicle",
      description = "Only this vehicle (a canary override).")
  String vehicle;

  @Option(
      names = "--shadow",
      descriptionKey = "model-release.shadow",
      description = "Run the model in shadow beside the active one.")
  boolean shadow;

  @Option(
      names = "--clear",
      descriptionKey = "model-release.clear",
      description = "Withdraw the announcement instead of publishing one.")
  boolean clear;

  @Option(
      names = "--public-key",
      descriptionKey = "model-release.public-key",
      description =
          "Key to verify the package with before release (default: PACKAGE/publisher.pub.pem).")
  Path publicKey;

  @Option(
      names = "--mqtt",
      descriptionKey = "model-release.mqtt",
      description = "MQTT server URI (default: ${DEFAULT-VALUE}, the dev stack).")
  String mqtt = "tcp://127.0.0.1:1883";

  @Option(
      names = "--mqtt-user",
      descriptionKey = "model-release.mqtt-user",
      description = "MQTT user, a service identity (default: ${DEFAULT-VALUE}).")
  String mqttUser = "vigil-service";

  @Option(
      names = "--mqtt-password",
      descriptionKey = "model-release.mqtt-password",
      description = "MQTT password (default: env VIGIL_MQTT_PASSWORD).")
  String mqttPassword = System.getenv("VIGIL_MQTT_PASSWORD");

  @Override
  public Integer call() throws Exception {
    if (mqttPassword == null) {
      throw new IllegalArgumentException(
          "the MQTT password is needed: --mqtt-password or env VIGIL_MQTT_PASSWORD");
    }
    if (!clear && packageDir == null) {
      throw new IllegalArgumentException("give the package directory, or --clear");
    }
    String announcementTopic =
        vehicle == null
            ? Topics.fleetModel(fleet)
            : Topics.vehicleModel(new DeviceAddress(fleet, vehicle));
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    try (ReconnectingMqttClient client =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(mqtt, "vigil-model-release")
                .withCredentials(mqttUser, mqttPassword)
                .withCleanStart(true))) {
      if (clear) {
        client.publish(announcementTopic, new byte[0], 1, true).get(30, TimeUnit.SECONDS);
        System.out.println("withdrew the announcement on " + announcementTopic);
        return 0;
      }
      Path key = publicKey != null ? publicKey : packageDir.resolve("publisher.pub.pem");
      PackageRelease release =
          PackageRelease.of(
              packageDir,
              Ed25519Pem.readPublic(key),
              shadow ? ModelManifest.Mode.SHADOW : ModelManifest.Mode.ACTIVE);
      ModelManifest m = release.announcement();
      String packageTopic = Topics.modelPackage(fleet, m.sha256());
      // The bytes first: an agent that hears the announcement finds them already there.
      client.publish(packageTopic, release.archive(), 1, true).get(60, TimeUnit.SECONDS);
      client.publish(announcementTopic, codec.encode(m), 1, true).get(30, TimeUnit.SECONDS);
      System.out.printf(
          "released %s %s (%s, %,d bytes, sha256 %s)%n  package      %s%n  announcement %s%n",
          m.name(),
          m.version(),
          shadow ? "shadow" : "active",
          m.sizeBytes(),
          m.sha256(),
          packageTopic,
          announcementTopic);
      return 0;
    }
  }
}
