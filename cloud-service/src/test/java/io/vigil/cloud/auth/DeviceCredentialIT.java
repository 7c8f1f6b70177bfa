package io.vigil.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.cloud.TestCloud;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet admin issues a vehicle's MQTT credentials through the API; the real broker lets the
 * device in with them (and nobody with a wrong password); revoking them disconnects the connected
 * device within seconds, and it cannot connect again.
 */
class DeviceCredentialIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void anAdminIssuesAndRevokesADevicesCredentials() throws Exception {
    try (ApplicationContext app = TestCloud.start(KAFKA, MQTT, dir)) {
      String admin = TestCloud.token(app, dir, "acme", Role.ADMIN);
      String url = TestCloud.url(app) + "/api/v1/fleets/acme/devices/truck-9/credentials";
      DeviceAddress truck = new DeviceAddress("acme", "truck-9");

      HttpResponse<String> issued = send("POST", url, admin);
      assertThat(issued.statusCode()).isEqualTo(201);
      JsonNode body = json.readTree(issued.body());
      assertThat(body.path("username").asText()).isEqualTo(truck.clientId());
      String password = body.path("password").asText();
      assertThat(MQTT.credentialsFile()).content().doesNotContain(password);

      assertThatThrownBy(() -> connect(truck, password + "x"))
          .isInstanceOf(MqttClientException.class);
      try (ReconnectingMqttClient device = connect(truck, password)) {
        device
            .publish(Topics.status(truck), "{}".getBytes(StandardCharsets.UTF_8), 1, false)
            .get(10, TimeUnit.SECONDS);

        assertThat(send("DELETE", url, admin).statusCode()).isEqualTo(204);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (device.isConnected() && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(device.isConnected()).as("disconnected after revocation").isFalse();
        CompletableFuture<Void> late =
            device.publish(Topics.status(truck), "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        assertThatThrownBy(() -> late.get(3, TimeUnit.SECONDS))
            .as("a publish after revocation is never acknowledged")
            .isInstanceOfAny(TimeoutException.class, ExecutionException.class);
      }
      assertThatThrownBy(() -> connect(truck, password)).isInstanceOf(MqttClientException.class);
      assertThat(send("DELETE", url, admin).statusCode()).isEqualTo(404);
    }
  }

  private ReconnectingMqttClient connect(DeviceAddress device, String password)
      throws MqttClientException {
    return ReconnectingMqttClient.connect(
        MqttClientSettings.of(MQTT.serverUri(), device.clientId())
            .withCredentials(device.clientId(), password));
  }

  private HttpResponse<String> send(String method, String url, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
