package io.vigil.brokers.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Device credentials and topic ACLs of the embedded broker, seen by a Paho v5 client. */
class MqttAccessControlIT {

  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private static final DeviceAddress TRUCK = new DeviceAddress("acme", "truck-1");
  private static final DeviceAddress OTHER = new DeviceAddress("acme", "truck-2");
  private static final byte[] PAYLOAD = "{}".getBytes(StandardCharsets.UTF_8);

  @Test
  void deviceMayPublishQos1ToItsOwnUplinkTopics() throws Exception {
    String password = MQTT.issueDevice(TRUCK);
    try (ReconnectingMqttClient device =
        TestClients.connect(TestClients.device(MQTT, TRUCK, password))) {
      device.publish(Topics.events(TRUCK), PAYLOAD, 1, false).get(10, TimeUnit.SECONDS);
      device.publish(Topics.telemetry(TRUCK), PAYLOAD, 1, false).get(10, TimeUnit.SECONDS);
      device.publish(Topics.status(TRUCK), PAYLOAD, 1, true).get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * HiveMQ answers a forbidden publish with PUBACK 0x87 and then disconnects the client: a device
   * that publishes outside its own prefix is buggy or compromised. Hence one connection per topic.
   */
  @Test
  void deviceIsRefusedOnAnotherVehiclesTopicAndOnDownlinkTopics() throws Exception {
    String password = MQTT.issueDevice(TRUCK);
    for (String forbidden :
        new String[] {
          Topics.events(OTHER),
          Topics.status(OTHER),
          Topics.command(TRUCK),
          Topics.fleetModel("acme"),
          "vigil/v1/acme/truck-1/anything",
          "not-vigil/topic"
        }) {
      try (ReconnectingMqttClient device =
          TestClients.connect(TestClients.device(MQTT, TRUCK, password))) {
        ExecutionException refused =
            catchThrowableOfType(
                ExecutionException.class,
                () -> device.publish(forbidden, PAYLOAD, 1, false).get(10, TimeUnit.SECONDS));
        assertThat(refused).as("publish to %s", forbidden).isNotNull();
        assertThat(((MqttClientException) refused.getCause()).reasonCode())
            .as("reason for %s", forbidden)
            .isEqualTo(MqttClientException.NOT_AUTHORIZED);
      }
    }
  }

  @Test
  void deviceMaySubscribeOnlyToItsOwnDownlink() throws Exception {
    String password = MQTT.issueDevice(TRUCK);
    try (ReconnectingMqttClient device =
        TestClients.connect(TestClients.device(MQTT, TRUCK, password))) {
      device.subscribe(Topics.command(TRUCK), 1);
      device.subscribe(Topics.vehicleModel(TRUCK), 1);
      device.subscribe(Topics.fleetModel("acme"), 1);
      for (String forbidden :
          new String[] {
            Topics.command(OTHER),
            Topics.events(OTHER),
            Topics.fleetModel("globex"),
            "vigil/v1/#",
            "$share/g/" + Topics.command(TRUCK)
          }) {
        assertThatThrownBy(() -> device.subscribe(forbidden, 1))
            .as("subscribe to %s", forbidden)
            .isInstanceOf(MqttClientException.class)
            .extracting(e -> ((MqttClientException) e).reasonCode())
            .isEqualTo(MqttClientException.NOT_AUTHORIZED);
      }
    }
  }

  @Test
  void wrongPasswordUnknownUserAndNoCredentialsAreRefused() {
    MQTT.issueDevice(TRUCK);
    assertRefusedLogin(TestClients.device(MQTT, TRUCK, "wrong-password"));
    assertRefusedLogin(
        MqttClientSettings.of(MQTT.serverUri(), "acme.ghost").withCredentials("acme.ghost", "x"));
    assertRefusedLogin(MqttClientSettings.of(MQTT.serverUri(), "anonymous"));
  }

  @Test
  void deviceMustUseItsOwnClientId() {
    String password = MQTT.issueDevice(TRUCK);
    MqttClientSettings impostor =
        MqttClientSettings.of(MQTT.serverUri(), OTHER.clientId())
            .withCredentials(TRUCK.clientId(), password);
    MqttClientException refused =
        catchThrowableOfType(MqttClientException.class, () -> TestClients.connect(impostor));
    assertThat(refused).isNotNull();
    assertThat(refused.reasonCode()).isEqualTo(0x85); // client identifier not valid
  }

  @Test
  void serviceMayUseSharedSubscriptionsAndPublishDownlink() throws Exception {
    try (ReconnectingMqttClient service =
        TestClients.connect(TestClients.service(MQTT, "svc-acl"))) {
      service.subscribe("$share/ingest/vigil/v1/+/+/events", 1);
      service.publish(Topics.command(TRUCK), PAYLOAD, 1, false).get(10, TimeUnit.SECONDS);
      service.publish(Topics.fleetModel("acme"), PAYLOAD, 1, true).get(10, TimeUnit.SECONDS);
    }
  }

  private static void assertRefusedLogin(MqttClientSettings settings) {
    MqttClientException refused =
        catchThrowableOfType(MqttClientException.class, () -> TestClients.connect(settings));
    assertThat(refused).as("login of %s", settings.clientId()).isNotNull();
    assertThat(refused.reasonCode()).isEqualTo(MqttClientException.BAD_CREDENTIALS);
  }
}
