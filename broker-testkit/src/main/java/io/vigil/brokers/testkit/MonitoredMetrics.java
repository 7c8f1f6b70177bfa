package io.vigil.brokers.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names that the shipped alert rules and Grafana dashboard ({@code
 * deploy/observability/}) query, so that the tests which scrape a real service or agent can check
 * that each one exists: a renamed meter would otherwise leave an alert that never fires.
 */
public final class MonitoredMetrics {

  private static final Pattern NAME = Pattern.compile("\\b((?:vigil|kafka|http)_[a-z_]+)\\b");

  private MonitoredMetrics() {}

  /** The observability files, found from a module's working directory. */
  public static Path directory() {
    return Path.of("..", "deploy", "observability");
  }

  /** Every metric name the alert rules and dashboards query. */
  public static Set<String> referenced() {
    Set<String> names = new TreeSet<>();
    for (String file : List.of("alerts.yml", "grafana-dashboard.json")) {
      try {
        Matcher m = NAME.matcher(Files.readString(directory().resolve(file)));
        while (m.find()) {
          names.add(m.group(1));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return names;
  }

  /**
   * The names among {@link #referenced()} that {@code which} selects and {@code scrape} (Prometheus
   * text format) lacks.
   */
  public static Set<String> missingFrom(String scrape, Predicate<String> which) {
    String lines = "\n" + scrape;
    Set<String> missing = new TreeSet<>();
    for (String n : referenced()) {
      if (which.test(n) && !lines.contains("\n" + n + "{") && !lines.contains("\n" + n + " ")) {
        missing.add(n);
      }
    }
    return missing;
  }
}
