package io.vigil.cloud.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Readiness on Kafka: up while the cluster answers within 3 seconds and, on a processor instance,
 * Kafka Streams is running or rebalancing; down otherwise (with the reason in the details).
 */
@Singleton
@Readiness
@Requires(property = "endpoints.health.enabled", notEquals = "false")
final class KafkaHealth extends AbstractHealthIndicator<Map<String, Object>> {

  private final Admin admin;
  private final Optional<ProcessorRole> processor;

  KafkaHealth(KafkaSettings kafka, Optional<ProcessorRole> processor) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                3_000,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "vigil-health"));
    this.processor = processor;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    healthStatus = HealthStatus.UP;
    try {
      details.put("brokers", admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size());
    } catch (Exception e) {
      healthStatus = HealthStatus.DOWN;
      details.put("error", "Kafka did not answer: " + e);
    }
    processor.ifPresent(
        p -> {
          String state = p.state();
          details.put("processor", state);
          if (!state.equals("RUNNING") && !state.equals("REBALANCING")) {
            healthStatus = HealthStatus.DOWN;
          }
        });
    return details;
  }

  @Override
  protected String getName() {
    return "kafka";
  }

  @PreDestroy
  void close() {
    admin.close();
  }
}
