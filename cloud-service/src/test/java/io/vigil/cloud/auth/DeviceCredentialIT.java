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

      // The hook an external broker cluster (EMQX) asks: the same rules as the embedded broker.
      String hook = TestCloud.url(app) + "/mqtt/v1/authenticate";
      JsonNode allowed = hook(hook, TestCloud.HOOK_KEY, truck.clientId(), password);
      assertThat(allowed.path("result").asText()).isEqualTo("allow");
      assertThat(allowed.path("is_superuser").asBoolean(true)).isFalse();
      assertThat(allowed.path("acl").findValuesAsText("topic"))
          .contains(Topics.status(truck), Topics.command(truck))
          .doesNotContain(Topics.status(new DeviceAddress("acme", "truck-8")));
      assertThat(hook(hook, TestCloud.HOOK_KEY, truck.clientId(), password + "x").path("result"))
          .hasToString("\"deny\"");
      assertThat(
              hook(hook, TestCloud.HOOK_KEY, "acme.truck-8", truck.clientId(), password)
                  .path("result"))
          .as("a device under another client id")
          .hasToString("\"deny\"");
      JsonNode service =
          hook(
              hook,
              TestCloud.HOOK_KEY,
              "ingest-7",
              MqttBrokerExtension.SERVICE_USER,
              MQTT.servicePassword());
      assertThat(service.path("result").asText()).isEqualTo("allow");
      assertThat(service.path("acl").findValuesAsText("topic")).contains("vigil/v1/#");
      assertThat(hookStatus(hook, "wrong-key", truck.clientId(), truck.clientId(), password))
          .isEqualTo(401);
      assertThat(hookStatus(hook, null, truck.clientId(), truck.clientId(), password))
          .isEqualTo(401);

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
      assertThat(hook(hook, TestCloud.HOOK_KEY, truck.clientId(), password).path("result"))
          .as("the hook refuses revoked credentials too")
          .hasToString("\"deny\"");
    }
  }

  private JsonNode hook(String url, String key, String device, String password) throws Exception {
    return hook(url, key, device, device, password);
  }

  private JsonNode hook(String url, String key, String clientId, String username, String password)
      throws Exception {
    HttpResponse<String> r = hookRequest(url, key, clientId, username, password);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private int hookStatus(String url, String key, String clientId, String username, String password)
      throws Exception {
    return hookRequest(url, key, clientId, username, password).statusCode();
  }

  private HttpResponse<String> hookRequest(
      String url, String key, String clientId, String username, String password) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    json.writeValueAsString(
                        java.util.Map.of(
                            "clientid", clientId, "username", username, "password", password))));
    if (key != null) {
      b.header("X-Vigil-Hook-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
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
