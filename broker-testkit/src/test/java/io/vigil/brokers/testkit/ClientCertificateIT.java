package io.vigil.brokers.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.mqtt.TlsFiles;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded broker's TLS listener: a provisioned device logs in with the client certificate the
 * fleet's CA signed for it, without a password, and gets exactly its own topics. A certificate
 * naming another device, one from an unknown CA, a revoked device, and a connection with neither
 * certificate nor password are refused; services log in with a password over TLS.
 */
class ClientCertificateIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = MqttBrokerExtension.withTls();

  private static final DeviceAddress TRUCK = new DeviceAddress("acme", "truck-1");
  private static final byte[] PAYLOAD = "{}".getBytes(StandardCharsets.UTF_8);

  @Test
  void aProvisionedDeviceLogsInWithItsCertificateAndGetsItsOwnTopics() throws Exception {
    MQTT.issueDevice(TRUCK);
    try (ReconnectingMqttClient device = ReconnectingMqttClient.connect(deviceSettings(TRUCK))) {
      device.publish(Topics.events(TRUCK), PAYLOAD, 1, false).get(10, TimeUnit.SECONDS);
      device.subscribe(Topics.command(TRUCK), 1);
      assertThatThrownBy(() -> device.subscribe(Topics.command(new DeviceAddress("acme", "x")), 1))
          .isInstanceOf(MqttClientException.class);
    }
  }

  @Test
  void aCertificateOnlyOpensTheDoorOfTheDeviceItNames() throws Exception {
    DeviceAddress other = new DeviceAddress("acme", "truck-2");
    MQTT.issueDevice(other);
    MQTT.issueDevice(TRUCK);
    // truck-1's certificate, presented as client id acme.truck-2
    MqttClientSettings impostor =
        MqttClientSettings.of(MQTT.tlsServerUri(), other.clientId())
            .withTls(MQTT.deviceTls(TRUCK))
            .withCleanStart(true);
    assertThatThrownBy(() -> ReconnectingMqttClient.connect(impostor))
        .isInstanceOf(MqttClientException.class);
  }

  @Test
  void unknownCasRevokedDevicesAndAnonymousClientsAreRefused() throws Exception {
    DeviceAddress revoked = new DeviceAddress("acme", "truck-3");
    MQTT.issueDevice(revoked);
    MQTT.revokeDevice(revoked);
    assertThatThrownBy(() -> ReconnectingMqttClient.connect(deviceSettings(revoked)))
        .isInstanceOf(MqttClientException.class);

    DeviceAddress stranger = new DeviceAddress("acme", "truck-4");
    MQTT.issueDevice(stranger);
    TlsFiles selfSigned =
        new TlsFiles(
            Optional.of(MQTT.pki().selfSignedKeystore(stranger.clientId())),
            TestPki.PASSWORD,
            Optional.of(MQTT.pki().truststore()),
            TestPki.PASSWORD);
    assertThatThrownBy(
            () ->
                ReconnectingMqttClient.connect(
                    MqttClientSettings.of(MQTT.tlsServerUri(), stranger.clientId())
                        .withTls(selfSigned)
                        .withCleanStart(true)))
        .isInstanceOf(MqttClientException.class);

    TlsFiles trustOnly =
        new TlsFiles(Optional.empty(), "", Optional.of(MQTT.pki().truststore()), TestPki.PASSWORD);
    assertThatThrownBy(
            () ->
                ReconnectingMqttClient.connect(
                    MqttClientSettings.of(MQTT.tlsServerUri(), TRUCK.clientId())
                        .withTls(trustOnly)
                        .withCleanStart(true)))
        .isInstanceOf(MqttClientException.class);

    try (ReconnectingMqttClient service =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(MQTT.tlsServerUri(), "service-over-tls")
                .withCredentials(MqttBrokerExtension.SERVICE_USER, MQTT.servicePassword())
                .withTls(trustOnly)
                .withCleanStart(true))) {
      assertThat(service.isConnected()).isTrue();
    }
  }

  @Test
  void unreadableKeyMaterialIsAClearError() {
    TlsFiles missing =
        new TlsFiles(
            Optional.of(java.nio.file.Path.of("/nonexistent/device.p12")),
            "x",
            Optional.empty(),
            "");
    assertThatThrownBy(
            () ->
                ReconnectingMqttClient.connect(
                    MqttClientSettings.of(MQTT.tlsServerUri(), TRUCK.clientId()).withTls(missing)))
        .isInstanceOf(MqttClientException.class)
        .hasMessageContaining("/nonexistent/device.p12");
  }

  private static MqttClientSettings deviceSettings(DeviceAddress d) {
    return MqttClientSettings.of(MQTT.tlsServerUri(), d.clientId())
        .withTls(MQTT.deviceTls(d))
        .withCleanStart(true);
  }
}
