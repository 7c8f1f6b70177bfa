package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The cloud service's REST API as the fleet ITs drive it: GET and POST with a bearer token,
 * asserting the status, and waiting on a fleet's rollout view. A 503 (the view's store not yet
 * ready, or routed to an instance still starting) is retried rather than failed.
 */
final class CloudApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String api;
  private final Duration wait;

  CloudApiClient(String api, Duration wait) {
    this.api = api;
    this.wait = wait;
  }

  /** Registers the package in {@code pkg} (with its reports) as {@code vigil model-register}. */
  void register(java.nio.file.Path pkg, String user, String password) {
    assertThat(
            VigilCommand.commandLine(java.nio.file.Path.of("none"), false)
                .execute(
                    "model-register",
                    pkg.toString(),
                    "--api",
                    api,
                    "--user",
                    user,
                    "--password",
                    password))
        .as("model-register " + pkg)
        .isZero();
  }

  JsonNode get(String path, String token) throws Exception {
    HttpResponse<String> r = send(path, token);
    if (r.statusCode() == 503) {
      Thread.sleep(200);
      return get(path, token);
    }
    assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Waits until GET {@code path} answers {@code status}. */
  void awaitStatus(String path, String token, int status) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      HttpResponse<String> r = send(path, token);
      if (r.statusCode() == status) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + ": " + r.statusCode() + " " + r.body());
      }
      Thread.sleep(200);
    }
  }

  JsonNode post(String path, String token, Object body, int expected) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST " + path + ": " + r.body()).isEqualTo(expected);
    return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
  }

  /** Polls the fleet's rollout view until {@code condition} holds; fails after the wait. */
  JsonNode awaitRollout(String fleet, String token, String what, Predicate<JsonNode> condition)
      throws Exception {
    return await("/api/v1/fleets/" + fleet + "/rollout", token, what, condition);
  }

  /** Polls GET {@code path} until {@code condition} holds; fails after the wait. */
  JsonNode await(String path, String token, String what, Predicate<JsonNode> condition)
      throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    JsonNode v = get(path, token);
    while (!condition.test(v)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + wait + " waiting until " + what + ": " + v);
      }
      Thread.sleep(200);
      v = get(path, token);
    }
    return v;
  }

  /** How many vehicles a rollout view says run {@code version}. */
  static int versions(JsonNode view, String version) {
    return view.path("versions").path(version).asInt();
  }

  /** Whether the rollout view's cohort is non-empty and all of it runs {@code version}. */
  static boolean cohortRuns(JsonNode view, String version) {
    JsonNode cohort = view.path("cohort");
    if (cohort.isEmpty()) {
      return false;
    }
    for (JsonNode v : cohort) {
      if (!version.equals(v.path("modelVersion").asText())) {
        return false;
      }
    }
    return true;
  }

  static JsonNode last(JsonNode array) {
    return array.get(array.size() - 1);
  }

  private HttpResponse<String> send(String path, String token) throws Exception {
    return http.send(CloudAccess.get(api + path, token), HttpResponse.BodyHandlers.ofString());
  }
}
