package io.vigil.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.micronaut.web.router.Router;
import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.cloud.TestCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every API endpoint, found from the router rather than listed by hand (a new endpoint is covered
 * without editing this test), refuses a request without a token (401), with an expired or
 * foreign-signed token (401), with a token for another fleet (403, for a fleet's endpoints), and
 * from a role below the one it needs (403: reviews need a reviewer; device credentials, model
 * registration and rollout steps an admin).
 */
class AccessControlIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private static final Map<String, String> SAMPLE_PATH_VALUES =
      Map.of(
          "fleetId", "acme",
          "eventId", UUID.randomUUID().toString(),
          "vehicleId", "truck-1",
          "driverId", "d-1",
          "of", "drivers",
          "name", "vigil-driving",
          "version", "1.0.0",
          "file", "report.html");

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private record Endpoint(String method, String path) {}

  @Test
  void everyApiEndpointNeedsAValidTokenForItsOwnFleetAndTheRightRole() throws Exception {
    try (ApplicationContext app = TestCloud.start(KAFKA, MQTT, dir)) {
      String root = TestCloud.url(app);
      // Ready first: a 503 while state stores open must not hide (or fake) an access decision.
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (send("GET", root + "/health/readiness", null) != 200) {
        assertThat(System.nanoTime()).as("ready within 120 s").isLessThan(deadline);
        Thread.sleep(250);
      }
      List<Endpoint> endpoints =
          app.getBean(Router.class)
              .uriRoutes()
              .map(r -> new Endpoint(r.getHttpMethodName(), r.getUriMatchTemplate().toString()))
              .filter(e -> e.path().startsWith("/api/v1/"))
              .distinct()
              .toList();
      assertThat(endpoints).as("API endpoints").hasSizeGreaterThanOrEqualTo(8);
      Map<Role, String> tokens = new java.util.EnumMap<>(Role.class);
      for (Role role : Role.values()) {
        tokens.put(role, TestCloud.token(app, dir, "acme", role));
      }
      String admin = tokens.get(Role.ADMIN);
      String expired =
          signed("viewer-acme", "acme", Instant.now().minusSeconds(60), TestCloud.JWT_SECRET);
      String forged =
          signed("viewer-acme", "acme", Instant.now().plusSeconds(600), "x".repeat(40) + "forged");

      for (Endpoint e : endpoints) {
        String own = root + expand(e.path(), "acme");
        String other = root + expand(e.path(), "other-fleet");
        assertThat(send(e.method(), own, null))
            .as("%s %s without a token", e.method(), own)
            .isEqualTo(401);
        assertThat(send(e.method(), own, expired))
            .as("%s %s, expired token", e.method(), own)
            .isEqualTo(401);
        assertThat(send(e.method(), own, forged))
            .as("%s %s, forged token", e.method(), own)
            .isEqualTo(401);
        if (e.path().contains("{fleetId}")) {
          assertThat(send(e.method(), other, admin))
              .as("%s %s with an admin token of fleet acme", e.method(), other)
              .isEqualTo(403);
        }
        Role least = leastRole(e);
        for (Role role : Role.values()) {
          int status = send(e.method(), own, tokens.get(role));
          if (role.compareTo(least) < 0) {
            assertThat(status).as("%s %s as %s", e.method(), own, role).isEqualTo(403);
          } else if (e.method().equals("GET") || e.method().equals("HEAD")) {
            assertThat(status).as("%s %s as %s", e.method(), own, role).isNotIn(401, 403);
          }
        }
      }
      assertThat(TestCloud.login(root, "viewer-acme", "wrong").statusCode()).isEqualTo(401);
      assertThat(TestCloud.login(root, "nobody", "wrong").statusCode()).isEqualTo(401);
      // What stays open: the dashboard's files (it logs in itself), health and the API document.
      for (String open :
          List.of("/dashboard/index.html", "/health", "/openapi/vigil-cloud-api-1.yml")) {
        assertThat(send("GET", root + open, null)).as(open).isEqualTo(200);
      }
    }
  }

  /**
   * What each endpoint should need: reads a viewer, reviews a reviewer; device credentials,
   * registering models and rollout steps an admin.
   */
  private static Role leastRole(Endpoint e) {
    if (e.path().contains("/devices/")
        || (e.method().equals("POST")
            && (e.path().equals("/api/v1/models") || e.path().contains("/rollout")))) {
      return Role.ADMIN;
    }
    if (e.path().endsWith("/review")) {
      return Role.REVIEWER;
    }
    return Role.VIEWER;
  }

  private static String expand(String template, String fleet) {
    String path = template.replace("{fleetId}", fleet);
    for (Map.Entry<String, String> v : SAMPLE_PATH_VALUES.entrySet()) {
      path = path.replace("{" + v.getKey() + "}", v.getValue());
    }
    return path.replaceAll("\\{[^}]*}", "");
  }

  private int send(String method, String url, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(
        method,
        method.equals("POST") && url.endsWith("/review")
            ? HttpRequest.BodyPublishers.ofString(
                "{\"verdict\":\"dismissed\",\"reviewerId\":\"r\"}")
            : HttpRequest.BodyPublishers.noBody());
    if (method.equals("POST") && url.endsWith("/review")) {
      b.header("Content-Type", "application/json");
    }
    // The status only: the live feed's body never ends, so the stream is closed unread.
    HttpResponse<java.io.InputStream> r =
        http.send(
            b.timeout(java.time.Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    r.body().close();
    return r.statusCode();
  }

  private static String signed(String user, String fleet, Instant expiry, String secret)
      throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(user)
            .claim("roles", List.of("viewer"))
            .claim("fleet", fleet)
            .issueTime(Date.from(expiry.minusSeconds(3600)))
            .expirationTime(Date.from(expiry))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
