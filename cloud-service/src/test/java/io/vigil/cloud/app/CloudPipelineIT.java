package io.vigil.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.brokers.testkit.MonitoredMetrics;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import io.vigil.cloud.TestCloud;
import io.vigil.cloud.TestEvents;
import io.vigil.cloud.auth.Role;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.EventType;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud service as one process (all roles) against real brokers: a device's events and
 * telemetry go MQTT → ingest → Kafka → processor → the score API; a redelivered event does not
 * change the score; a reviewer opens an event (with its snippet) and dismisses it through the API,
 * and the score changes; bad parameters are problem+json 400s; another fleet's event is a 404.
 */
class CloudPipelineIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private static final Instant DAY = Instant.parse("2026-11-20T08:00:00Z");

  @TempDir Path dir;

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private String token;

  @Test
  void eventsFromADeviceBecomeAScoreOnceEachAndADismissalChangesIt() throws Exception {
    DeviceAddress truck = new DeviceAddress("acme", "truck-1");
    try (ApplicationContext app = TestCloud.start(KAFKA, MQTT, dir);
        ReconnectingMqttClient device = TestCloud.device(MQTT, truck)) {
      String base = TestCloud.url(app) + "/api/v1/fleets/acme";
      token = TestCloud.token(app, dir, "acme", Role.REVIEWER);
      String score = base + "/vehicles/truck-1/score?days=1&to=2026-11-20";

      SafetyEvent brake = TestEvents.event("acme", "truck-1", "d-1", EventType.HARSH_BRAKING, DAY);
      SafetyEvent crash =
          TestEvents.event("acme", "truck-1", "d-1", EventType.COLLISION, DAY.plusSeconds(60));
      publish(
          device,
          Topics.status(truck),
          codec.encode(TestEvents.status("acme", "truck-1", DeviceStatus.State.ONLINE, DAY)));
      publish(device, Topics.telemetry(truck), codec.encode(trip(truck, 50_000)));
      publish(device, Topics.events(truck), codec.encode(brake));
      publish(device, Topics.events(truck), codec.encode(crash));
      publish(device, Topics.events(truck), codec.encode(brake)); // redelivered by the outbox

      // 50 km, one braking (5) and one collision (10): 100 − (5 + 10) × 100/50 = 70
      JsonNode first = await(score, r -> r.path("score").asDouble(-1) == 70.0);
      assertThat(first.path("events").path("harsh_braking").asLong()).isEqualTo(1);
      assertThat(first.path("band").asText()).isEqualTo("poor");
      assertThat(first.path("from").asText()).isEqualTo("2026-11-20");
      assertThat(
              await(base + "/drivers/d-1/score?days=1&to=2026-11-20", r -> r.has("score"))
                  .path("score")
                  .asDouble())
          .isEqualTo(70.0);

      // Events, newest first, a page at a time; and the vehicle's status.
      JsonNode page1 = json.readTree(get(base + "/events?limit=1").body());
      assertThat(page1.path("events").get(0).path("eventId").asText())
          .isEqualTo(crash.eventId().toString());
      JsonNode page2 =
          json.readTree(get(base + "/events?limit=1&cursor=" + page1.path("next").asText()).body());
      assertThat(page2.path("events").get(0).path("eventId").asText())
          .isEqualTo(brake.eventId().toString());
      assertThat(page2.path("next").asText(null)).as("the last page has no next").isNull();
      assertThat(
              json.readTree(get(base + "/events?vehicleId=truck-1&type=collision").body())
                  .path("events"))
          .hasSize(1);
      assertThat(get(base + "/events?type=pothole").statusCode()).isEqualTo(400);
      assertThat(get(base + "/events?cursor=nonsense").statusCode()).isEqualTo(400);
      JsonNode vehicle = await(base + "/vehicles/truck-1", v -> v.path("online").asBoolean());
      assertThat(vehicle.path("modelVersion").asText()).isEqualTo("1.0.0");
      assertThat(vehicle.path("driverId").asText()).isEqualTo("d-1");
      assertThat(vehicle.path("lastEvent").asText()).isEqualTo(DAY.plusSeconds(60).toString());
      assertThat(json.readTree(get(base + "/vehicles").body()).path("online").asInt()).isEqualTo(1);
      assertThat(get(base + "/vehicles/truck-404").statusCode()).isEqualTo(404);

      // The collision was a pothole: a reviewer looks at it and dismisses it.
      String eventUrl = base + "/events/" + crash.eventId();
      JsonNode detail = json.readTree(get(eventUrl).body());
      assertThat(detail.path("type").asText()).isEqualTo("collision");
      assertThat(detail.path("snippet").path("ax").isArray()).isTrue();
      assertThat(
              get(base.replace("/acme", "/other-fleet") + "/events/" + crash.eventId())
                  .statusCode())
          .as("another fleet's event is refused")
          .isEqualTo(403);
      HttpResponse<String> reviewed =
          post(
              eventUrl + "/review",
              "{\"verdict\":\"dismissed\",\"reviewerId\":\"reviewer-1\",\"note\":\"pothole\"}");
      assertThat(reviewed.statusCode()).isEqualTo(202);
      assertThat(
              post(eventUrl + "/review", "{\"verdict\":\"maybe\",\"reviewerId\":\"r\"}")
                  .statusCode())
          .isEqualTo(400);
      JsonNode after = await(score, r -> r.path("score").asDouble(-1) == 90.0);
      assertThat(after.path("events").has("collision")).isFalse();
      assertThat(
              json.readTree(get(base + "/events?type=collision").body())
                  .path("events")
                  .get(0)
                  .path("review")
                  .asText())
          .isEqualTo("dismissed");

      JsonNode board =
          json.readTree(get(base + "/leaderboard/vehicles?days=1&to=2026-11-20").body());
      assertThat(board.path("total").asInt()).isEqualTo(1);
      assertThat(board.path("rows").get(0).path("id").asText()).isEqualTo("truck-1");
      assertThat(board.path("rows").get(0).path("score").asDouble()).isEqualTo(90.0);
      // Telemetry with input histograms: the fleet's drift is tracked for the model its status
      // reports (no package of it is registered here, so it has no reference to compare with).
      long[] accelZ = new long[42];
      accelZ[30] = 3000;
      publish(
          device,
          Topics.telemetry(truck),
          codec.encode(TestEvents.inputs(trip(truck, 50_000), Map.of("accel_z", accelZ))));
      JsonNode drift = await(base + "/drift", d -> d.path("versions").size() == 1);
      JsonNode v100 = drift.path("versions").get(0);
      assertThat(v100.path("modelVersion").asText()).isEqualTo("1.0.0");
      assertThat(v100.path("level").asText()).isEqualTo("no_reference");
      assertThat(v100.path("samples").asDouble()).isEqualTo(3000);
      assertThat(v100.path("vehicles").asInt()).isEqualTo(1);

      String root = TestCloud.url(app);
      String metrics = get(root + "/prometheus").body();
      assertThat(metrics)
          .contains("vigil_ingest_accepted_total{channel=\"events\"} 3.0")
          .contains("vigil_ingest_accepted_total{channel=\"telemetry\"} 2.0")
          .contains("vigil_processor_running 1.0")
          .contains("http_server_requests_seconds_count")
          .contains("kafka_consumer_fetch_manager_records_lag_max");
      assertThat(MonitoredMetrics.missingFrom(metrics, n -> !n.startsWith("vigil_agent_")))
          .as("cloud metrics that deploy/observability queries but the service does not export")
          .isEmpty();
      HttpResponse<String> ready = get(root + "/health/readiness");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(json.readTree(ready.body()).path("details").path("mqtt").path("status").asText())
          .isEqualTo("UP");
      assertThat(get(root + "/openapi/vigil-cloud-api-1.yml").body())
          .contains("/api/v1/fleets/{fleetId}/events:")
          .contains("/api/v1/fleets/{fleetId}/vehicles/{vehicleId}:");

      HttpResponse<String> bad =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/vehicles/truck-1/score?days=0"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.headers().firstValue("content-type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(json.readTree(bad.body()).path("detail").asText()).contains("days must be 1..90");
      HttpResponse<String> badId =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/vehicles/bad%20id/score"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(badId.statusCode()).isEqualTo(400);
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void publish(ReconnectingMqttClient device, String topic, byte[] payload)
      throws Exception {
    device.publish(topic, payload, 1, false).get(10, TimeUnit.SECONDS);
  }

  private JsonNode await(String url, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode last = null;
    int status = 0;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get(url);
      status = r.statusCode();
      if (status == 200) {
        last = json.readTree(r.body());
        if (done.test(last)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no expected answer from " + url + ": last " + status + " " + last);
  }

  private static Telemetry trip(DeviceAddress truck, double metres) {
    return TestEvents.trip(
        truck.fleetId(),
        truck.vehicleId(),
        "d-1",
        "trip-1",
        metres,
        Telemetry.TripState.DRIVING,
        DAY.plusSeconds(1800));
  }
}
