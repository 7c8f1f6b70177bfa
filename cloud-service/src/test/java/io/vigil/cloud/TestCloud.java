package io.vigil.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.auth.UserStore;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.DeviceAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/** The cloud service with all roles on the test brokers, and devices that talk to it. */
public final class TestCloud {

  /**
   * The token key of every test service (tests only: real ones come from
   * VIGIL_SECURITY_JWT_SECRET).
   */
  public static final String JWT_SECRET = "vigil-test-only-jwt-secret-0123456789abcdef";

  /** The broker hook's key in services started by {@link #start}. */
  public static final String HOOK_KEY = "vigil-test-only-broker-hook-key";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestCloud() {}

  /**
   * Adds a user of {@code fleet} with {@code role} to the service's users file, logs in at {@code
   * root}/login and returns the access token.
   */
  public static String token(String root, Path usersFile, String fleet, Role role)
      throws Exception {
    String name = role.wireName() + "-" + fleet;
    String password = UserStore.open(usersFile).add(name, fleet, role);
    HttpResponse<String> login = login(root, name, password);
    if (login.statusCode() != 200) {
      throw new IllegalStateException("login failed: " + login.statusCode() + " " + login.body());
    }
    return JSON.readTree(login.body()).path("access_token").asText();
  }

  /** POST /login with a user name and password. */
  public static HttpResponse<String> login(String root, String name, String password)
      throws Exception {
    String body = JSON.writeValueAsString(java.util.Map.of("username", name, "password", password));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(root + "/login"))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A token for {@code fleet} with {@code role} from a service started by {@link #start}. */
  public static String token(ApplicationContext app, Path dir, String fleet, Role role)
      throws Exception {
    return token(url(app), dir.resolve("users"), fleet, role);
  }

  /** Starts the service (HTTP on a free port) with its state in {@code dir}. */
  public static ApplicationContext start(
      KafkaBrokerExtension kafka, MqttBrokerExtension mqtt, Path dir) {
    return start(kafka, mqtt, dir, Map.of());
  }

  /** The same, with {@code overrides} of its configuration. */
  public static ApplicationContext start(
      KafkaBrokerExtension kafka,
      MqttBrokerExtension mqtt,
      Path dir,
      Map<String, Object> overrides) {
    Map<String, Object> config =
        new java.util.HashMap<>(
            Map.ofEntries(
                Map.entry("micronaut.server.port", -1),
                Map.entry("vigil.mqtt.server", mqtt.serverUri()),
                Map.entry("vigil.mqtt.username", MqttBrokerExtension.SERVICE_USER),
                Map.entry("vigil.mqtt.password", mqtt.servicePassword()),
                Map.entry("vigil.kafka.bootstrap-servers", kafka.bootstrapServers()),
                Map.entry("vigil.kafka.state-dir", dir.resolve("streams").toString()),
                Map.entry("vigil.security.jwt-secret", JWT_SECRET),
                Map.entry("vigil.security.broker-hook-key", HOOK_KEY),
                Map.entry("vigil.security.users-file", dir.resolve("users").toString()),
                Map.entry(
                    "vigil.security.device-credentials-file", mqtt.credentialsFile().toString()),
                // The shipped model's key: tests register the shipped package as it is.
                Map.entry(
                    "vigil.models.publisher-key",
                    "../models/vigil-driving/1.0.0/publisher.pub.pem")));
    config.putAll(overrides);
    ApplicationContext app = ApplicationContext.run(config);
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
