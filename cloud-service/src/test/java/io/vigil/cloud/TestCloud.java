package io.vigil.cloud;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.DeviceAddress;
import java.nio.file.Path;
import java.util.Map;

/** The cloud service with all roles on the test brokers, and devices that talk to it. */
public final class TestCloud {

  private TestCloud() {}

  /** Starts the service (HTTP on a free port) with its state in {@code dir}. */
  public static ApplicationContext start(
      KafkaBrokerExtension kafka, MqttBrokerExtension mqtt, Path dir) {
    ApplicationContext app =
        ApplicationContext.run(
            Map.of(
                "micronaut.server.port", -1,
                "vigil.mqtt.server", mqtt.serverUri(),
                "vigil.mqtt.username", MqttBrokerExtension.SERVICE_USER,
                "vigil.mqtt.password", mqtt.servicePassword(),
                "vigil.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "vigil.kafka.state-dir", dir.resolve("streams").toString()));
    app.getBean(EmbeddedServer.class).start();
    return app;
  }

  /** The service's base URL. */
  public static String url(ApplicationContext app) {
    return "http://127.0.0.1:" + app.getBean(EmbeddedServer.class).getPort();
  }

  /** A provisioned device of the test broker, connected. */
  public static ReconnectingMqttClient device(MqttBrokerExtension mqtt, DeviceAddress device)
      throws MqttClientException {
    String password = mqtt.issueDevice(device);
    return ReconnectingMqttClient.connect(
        MqttClientSettings.of(mqtt.serverUri(), device.clientId())
            .withCredentials(device.clientId(), password));
  }
}
