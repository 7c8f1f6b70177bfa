package io.vigil.agent.runtime;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.agent.outbox.Outbox;
import io.vigil.agent.publish.OutboxPublisher;
import io.vigil.protocol.EventType;
import io.vigil.protocol.Telemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The agent's Micrometer meters (names {@code vigil.agent.*}) and, when a port is configured, the
 * Prometheus scrape endpoint {@code /metrics} on the JDK's HTTP server: inference latency per
 * window, windows, events by type, outbox depth and drops, publishes, failures and reconnects.
 */
public final class AgentMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer inference;
  private final Counter windows;
  private final Counter windowSamples;
  private final Map<EventType, Counter> events = new EnumMap<>(EventType.class);
  private final Map<io.vigil.protocol.DeviceStatus.UpdateState, Counter> modelUpdates =
      new EnumMap<>(io.vigil.protocol.DeviceStatus.UpdateState.class);
  private HttpServer server;
  private final java.util.concurrent.atomic.AtomicBoolean firstInference =
      new java.util.concurrent.atomic.AtomicBoolean();

  public AgentMetrics() {
    inference =
        Timer.builder("vigil.agent.inference.latency")
            .description("ONNX Runtime time per window (batch time / windows in the batch)")
            .publishPercentiles(0.5, 0.99)
            .distributionStatisticExpiry(Duration.ofMinutes(5))
            .register(registry);
    windows =
        Counter.builder("vigil.agent.windows").description("Windows scored").register(registry);
    windowSamples =
        Counter.builder("vigil.agent.window.samples")
            .description("Unflagged stretches uploaded on the cloud's request")
            .register(registry);
    for (EventType t : EventType.values()) {
      events.put(
          t,
          Counter.builder("vigil.agent.events")
              .description("Events detected")
              .tag("type", t.wireName())
              .register(registry));
    }
    // Registered up front so that a rollout alert has a series (at 0) before any update.
    for (io.vigil.protocol.DeviceStatus.UpdateState s :
        io.vigil.protocol.DeviceStatus.UpdateState.values()) {
      modelUpdates.put(
          s,
          Counter.builder("vigil.agent.model.updates")
              .description("Model update states reached")
              .tag("state", s.wireName())
              .register(registry));
    }
  }

  MeterRegistry registry() {
    return registry;
  }

  void batch(long nanos, int count) {
    if (count > 0 && firstInference.compareAndSet(false, true)) {
      LoggerFactory.getLogger(AgentMetrics.class)
          .info(
              "first window of samples scored {} ms after the JVM started",
              java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }
    if (count > 0) {
      inference.record(nanos / count, TimeUnit.NANOSECONDS);
      windows.increment(count);
    }
  }

  void event(EventType type) {
    events.get(type).increment();
  }

  void windowSample() {
    windowSamples.increment();
  }

  /** Counts a model update state reached (downloading, verified, active, shadow, failed…). */
  void modelUpdate(io.vigil.protocol.DeviceStatus.UpdateState state) {
    modelUpdates.get(state).increment();
  }

  /** Gauges over the outbox and the publisher. */
  void watch(Outbox outbox, OutboxPublisher publisher) {
    Gauge.builder("vigil.agent.outbox.depth", () -> outbox.stats().pendingEvents())
        .tag("kind", "event")
        .register(registry);
    Gauge.builder("vigil.agent.outbox.depth", () -> outbox.stats().pendingTelemetry())
        .tag("kind", "telemetry")
        .register(registry);
    Gauge.builder("vigil.agent.outbox.dropped", () -> outbox.stats().droppedEvents())
        .tag("kind", "event")
        .register(registry);
    Gauge.builder("vigil.agent.outbox.dropped", () -> outbox.stats().droppedTelemetry())
        .tag("kind", "telemetry")
        .register(registry);
    Gauge.builder("vigil.agent.outbox.bytes", () -> outbox.stats().diskBytes()).register(registry);
    Gauge.builder("vigil.agent.mqtt.published", publisher::published).register(registry);
    Gauge.builder("vigil.agent.mqtt.acknowledged", publisher::acknowledged).register(registry);
    Gauge.builder("vigil.agent.mqtt.failures", publisher::failures).register(registry);
    Gauge.builder("vigil.agent.mqtt.reconnects", publisher::reconnects).register(registry);
    Gauge.builder("vigil.agent.mqtt.connected", () -> publisher.isConnected() ? 1 : 0)
        .register(registry);
  }

  /** Inference health for telemetry: per-window latency percentiles, µs. */
  Telemetry.Inference inference() {
    double p50 = 0;
    double p99 = 0;
    for (var v : inference.takeSnapshot().percentileValues()) {
      if (v.percentile() == 0.5) {
        p50 = v.value(TimeUnit.MICROSECONDS);
      } else if (v.percentile() == 0.99) {
        p99 = v.value(TimeUnit.MICROSECONDS);
      }
    }
    return new Telemetry.Inference(
        (long) windows.count(), 0, Math.round(p50 * 10) / 10.0, Math.round(p99 * 10) / 10.0);
  }

  /** Serves {@code /metrics} on {@code port}; returns the bound port. */
  public int serve(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server.getAddress().getPort();
  }

  /** The scrape text, as the endpoint serves it. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    registry.close();
  }
}
