package io.vigil.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the service reaches Kafka and runs its processor ({@code vigil.kafka.*}).
 *
 * @param bootstrapServers Kafka bootstrap servers (default 127.0.0.1:9092)
 * @param applicationId Kafka Streams application id, shared by all processor instances (default
 *     vigil-processor)
 * @param stateDir where this instance keeps its state stores (default .vigil/cloud/streams)
 * @param replicationFactor replication of the processor's internal topics (default 1; 3 in
 *     production)
 * @param retention how long events are remembered for deduplication and reviews (default 35d)
 * @param deliveryTimeout how long ingest's producer retries a record before the MQTT connection is
 *     dropped for redelivery (default 120s)
 * @param partitions partitions of the topics the service creates when they are missing (default 6;
 *     events, telemetry, status and reviews must have the same count)
 * @param commitInterval how often the processor commits its exactly-once transaction (default
 *     500ms)
 * @param scoreHistory how long daily tallies, the score history, are kept (default 400d)
 * @param applicationServer {@code host:port} at which other processor instances reach this one's
 *     API for routed queries (default empty: 127.0.0.1 and this server's port, for one machine)
 * @param sessionTimeout how long a processor instance may be silent before its partitions move to
 *     the others (default 45s)
 * @param streamThreads Kafka Streams threads of this processor instance (default 1; more where
 *     there are cores to spare)
 */
@ConfigurationProperties("vigil.kafka")
public record KafkaSettings(
    @Bindable(defaultValue = "127.0.0.1:9092") String bootstrapServers,
    @Bindable(defaultValue = "vigil-processor") String applicationId,
    @Bindable(defaultValue = ".vigil/cloud/streams") String stateDir,
    @Bindable(defaultValue = "1") int replicationFactor,
    @Bindable(defaultValue = "35d") Duration retention,
    @Bindable(defaultValue = "120s") Duration deliveryTimeout,
    @Bindable(defaultValue = "6") int partitions,
    @Bindable(defaultValue = "500ms") Duration commitInterval,
    @Bindable(defaultValue = "400d") Duration scoreHistory,
    @Bindable(defaultValue = "") String applicationServer,
    @Bindable(defaultValue = "45s") Duration sessionTimeout,
    @Bindable(defaultValue = "1") int streamThreads) {}
