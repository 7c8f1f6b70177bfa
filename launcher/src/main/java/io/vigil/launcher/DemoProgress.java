package io.vigil.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The demo's live line, read from the cloud service's own API every two seconds: vehicles online,
 * events counted in the fleet's score (and how many per second), and drivers with a score. Printed
 * when it changes, and every 30 seconds when it does not.
 */
final class DemoProgress implements AutoCloseable {

  /**
   * One reading.
   *
   * @param online vehicles whose agent is online
   * @param vehicles vehicles that have reported
   * @param events events counted in the fleet's score today
   * @param scored drivers of the fleet with a score today
   */
  record Reading(int online, int vehicles, long events, Set<String> scored) {}

  private static final Duration EVERY = Duration.ofSeconds(2);
  private static final Duration QUIET = Duration.ofSeconds(30);

  private final String fleetApi;
  private final String token;
  private final Set<String> drivers;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "demo-progress");
            t.setDaemon(true);
            return t;
          });
  private volatile Reading last = new Reading(0, 0, 0, Set.of());
  private Reading printed;
  private long printedAtNanos;

  /**
   * @param api the cloud service's base URL
   * @param fleet the demo fleet
   * @param token a viewer's access token for the fleet
   * @param drivers the fleet's drivers, from its scenario
   */
  DemoProgress(String api, String fleet, String token, Set<String> drivers, PrintStream out) {
    this.fleetApi = api + "/api/v1/fleets/" + fleet;
    this.token = token;
    this.drivers = Set.copyOf(drivers);
    this.out = out;
  }

  /** Starts printing the line. */
  DemoProgress start() {
    timer.scheduleAtFixedRate(
        this::print, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Whether every driver of the fleet has a score, at the last reading. */
  boolean everyDriverScored() {
    return last.scored().containsAll(drivers);
  }

  /** The API's answer now; what it cannot answer yet (starting, rebalancing) reads as before. */
  Reading read() {
    Reading before = last;
    try {
      JsonNode vehicles = get(fleetApi + "/vehicles?limit=1");
      JsonNode fleet = get(fleetApi + "/score?days=1");
      JsonNode board = get(fleetApi + "/leaderboard/drivers?days=1&limit=500");
      long events = before.events();
      if (fleet != null) {
        events = 0;
        for (JsonNode n : fleet.path("events")) {
          events += n.asLong();
        }
      }
      Set<String> scored = new HashSet<>(before.scored());
      if (board != null) {
        scored.clear();
        for (JsonNode row : board.path("rows")) {
          if (row.path("score").isNumber()) {
            scored.add(row.path("id").asText());
          }
        }
      }
      last =
          new Reading(
              vehicles == null ? before.online() : vehicles.path("online").asInt(),
              vehicles == null ? before.vehicles() : vehicles.path("total").asInt(),
              events,
              Set.copyOf(scored));
    } catch (IOException e) {
      // the service is stopping; keep the last reading
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return last;
  }

  private void print() {
    Reading before = last;
    Reading now = read();
    // A quiet fleet (trips over) prints once in a while, not every two seconds.
    if (now.equals(printed) && System.nanoTime() - printedAtNanos < QUIET.toNanos()) {
      return;
    }
    printed = now;
    printedAtNanos = System.nanoTime();
    out.printf(
        "  live: %d/%d vehicles online · %,d events counted (%+.1f/s) · %d/%d drivers scored%n",
        now.online(),
        now.vehicles(),
        now.events(),
        (now.events() - before.events()) / (EVERY.toMillis() / 1000.0),
        now.scored().stream().filter(drivers::contains).count(),
        drivers.size());
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(CloudAccess.get(url, token), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? json.readTree(r.body()) : null;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
