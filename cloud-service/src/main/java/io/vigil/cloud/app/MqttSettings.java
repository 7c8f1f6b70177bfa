package io.vigil.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How ingest reaches the MQTT broker ({@code vigil.mqtt.*}).
 *
 * @param server broker URI, tcp:// or ssl:// (default tcp://127.0.0.1:1883)
 * @param username the service identity (default vigil-service)
 * @param password its password (no default; set VIGIL_MQTT_PASSWORD)
 * @param clientId this instance's MQTT client id; unique per instance (default vigil-ingest-1)
 * @param shareGroup shared-subscription group of all ingest instances (default vigil-ingest)
 * @param maxInFlight messages at most between MQTT and Kafka acknowledgements (default 1000)
 */
@ConfigurationProperties("vigil.mqtt")
public record MqttSettings(
    @Bindable(defaultValue = "tcp://127.0.0.1:1883") String server,
    @Bindable(defaultValue = "vigil-service") String username,
    @Nullable String password,
    @Bindable(defaultValue = "vigil-ingest-1") String clientId,
    @Bindable(defaultValue = "vigil-ingest") String shareGroup,
    @Bindable(defaultValue = "1000") int maxInFlight) {}
