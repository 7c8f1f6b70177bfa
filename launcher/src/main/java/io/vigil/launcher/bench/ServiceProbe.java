package io.vigil.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.launcher.CloudAccess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the load harnesses ask a running cloud-service instance: is it ready, and how many events
 * does a score count. An instance that cannot answer yet (starting, rebalancing) answers -1.
 */
final class ServiceProbe {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServiceProbe() {}

  /** Waits until {@code api}/health/readiness answers 200. */
  static void awaitReady(String api, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(api + "/health/readiness"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(api + " did not become ready within " + limit);
  }

  /** The events a score ({@code url}: a fleet, vehicle or driver score) counts, or -1. */
  static long countedEvents(String url, String token) throws InterruptedException {
    try {
      HttpResponse<String> r =
          HTTP.send(withTimeout(CloudAccess.get(url, token)), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return -1;
      }
      long sum = 0;
      for (JsonNode n : JSON.readTree(r.body()).path("events")) {
        sum += n.asLong();
      }
      return sum;
    } catch (IOException e) {
      return -1;
    }
  }

  private static HttpRequest withTimeout(HttpRequest request) {
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  /** A JSON answer of the API, or null when it does not answer 200. */
  static JsonNode get(String url, String token) throws InterruptedException {
    try {
      HttpResponse<String> r =
          HTTP.send(withTimeout(CloudAccess.get(url, token)), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
