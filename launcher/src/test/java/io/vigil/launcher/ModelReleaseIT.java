package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.ModelManifest;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil model-release} against a real broker, seen from a device with its own credentials:
 * the announcement and the package bytes it names are retained where the device may read them,
 * another fleet's packages are not readable, and {@code --clear} withdraws the announcement.
 */
class ModelReleaseIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private final Map<String, byte[]> received = new ConcurrentHashMap<>();

  @Test
  void aDeviceFindsTheAnnouncementAndThePackageItNames() throws Exception {
    DeviceAddress van = new DeviceAddress("demo", "van-0001");
    assertThat(release("models/vigil-driving/1.0.0", "--shadow")).isZero();

    ModelManifest announced;
    try (ReconnectingMqttClient device = device(van)) {
      device.subscribe(Topics.fleetModel("demo"), 1);
      await(Topics.fleetModel("demo"));
      announced =
          new ProtocolCodec(Clock.systemUTC())
              .decode(received.get(Topics.fleetModel("demo")), ModelManifest.class);
      assertThat(announced.version()).isEqualTo("1.0.0");
      assertThat(announced.mode()).isEqualTo(ModelManifest.Mode.SHADOW);

      String packageTopic = Topics.modelPackage("demo", announced.sha256());
      device.subscribe(packageTopic, 1);
      await(packageTopic);
      byte[] archive = received.get(packageTopic);
      assertThat(ModelPackage.sha256(archive)).isEqualTo(announced.sha256());
      assertThat((long) archive.length).isEqualTo(announced.sizeBytes());

      assertThatThrownBy(() -> device.subscribe(Topics.modelPackages("other-fleet"), 1))
          .isInstanceOf(MqttClientException.class)
          .hasMessageContaining("refused");
    }

    assertThat(release(null, "--clear")).isZero();
    received.clear();
    try (ReconnectingMqttClient device = device(van)) {
      device.subscribe(Topics.fleetModel("demo"), 1);
      Thread.sleep(500);
      assertThat(received).doesNotContainKey(Topics.fleetModel("demo"));
    }
  }

  private int release(String pkg, String flag) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "model-release",
                "--fleet",
                "demo",
                flag,
                "--mqtt",
                MQTT.serverUri(),
                "--mqtt-user",
                MqttBrokerExtension.SERVICE_USER,
                "--mqtt-password",
                MQTT.servicePassword()));
    if (pkg != null) {
      args.add(Path.of("..").resolve(pkg).toString());
    }
    return VigilCommand.commandLine(Path.of("none"), false).execute(args.toArray(String[]::new));
  }

  private ReconnectingMqttClient device(DeviceAddress d) throws Exception {
    return ReconnectingMqttClient.connect(
        MqttClientSettings.of(MQTT.serverUri(), d.clientId())
            .withCredentials(d.clientId(), MQTT.issueDevice(d))
            .withCleanStart(true),
        m -> received.put(m.topic(), m.payload()));
  }

  private void await(String topic) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!received.containsKey(topic) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(received).containsKey(topic);
  }
}
