package io.vigil.cloud.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;

/** Readiness of the ingest role: up while its MQTT connection to the broker is up. */
@Singleton
@Readiness
@Requires(beans = IngestRole.class)
@Requires(property = "endpoints.health.enabled", notEquals = "false")
final class MqttHealth extends AbstractHealthIndicator<Map<String, Object>> {

  private final IngestRole ingest;
  private final MqttSettings mqtt;

  MqttHealth(IngestRole ingest, MqttSettings mqtt) {
    this.ingest = ingest;
    this.mqtt = mqtt;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    boolean up = ingest.ingest() != null && ingest.ingest().connected();
    healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
    return Map.of("server", mqtt.server(), "connected", up);
  }

  @Override
  protected String getName() {
    return "mqtt";
  }
}
