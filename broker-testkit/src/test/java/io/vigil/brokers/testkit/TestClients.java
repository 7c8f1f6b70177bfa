package io.vigil.brokers.testkit;

import io.vigil.mqtt.InboundMessage;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.DeviceAddress;
import java.util.function.Consumer;

/** MQTT clients for the broker ITs, built with the project's shared client settings. */
final class TestClients {

  private TestClients() {}

  static MqttClientSettings device(
      MqttBrokerExtension mqtt, DeviceAddress device, String password) {
    return MqttClientSettings.of(mqtt.serverUri(), device.clientId())
        .withCredentials(device.clientId(), password);
  }

  static MqttClientSettings service(MqttBrokerExtension mqtt, String clientId) {
    return MqttClientSettings.of(mqtt.serverUri(), clientId)
        .withCredentials(MqttBrokerExtension.SERVICE_USER, mqtt.servicePassword());
  }

  static ReconnectingMqttClient connect(MqttClientSettings settings) throws MqttClientException {
    return ReconnectingMqttClient.connect(settings);
  }

  static ReconnectingMqttClient connect(
      MqttClientSettings settings, Consumer<InboundMessage> handler) throws MqttClientException {
    return ReconnectingMqttClient.connect(settings, handler);
  }
}
