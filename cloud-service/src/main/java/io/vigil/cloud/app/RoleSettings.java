package io.vigil.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Which parts of the cloud service this instance runs ({@code vigil.roles.*}); all by default, so
 * one process is a whole pipeline, and at scale ingest and processor/api run as separate
 * deployments.
 *
 * @param ingest MQTT → Kafka (default true)
 * @param processor the Kafka Streams processor (default true)
 * @param api the REST API (default true; needs the processor on this instance)
 * @param trainer the retraining job runner (default false: it needs {@code vigil-models} and a
 *     model signing key; run one instance of it)
 */
@ConfigurationProperties("vigil.roles")
public record RoleSettings(
    @Bindable(defaultValue = "true") boolean ingest,
    @Bindable(defaultValue = "true") boolean processor,
    @Bindable(defaultValue = "true") boolean api,
    @Bindable(defaultValue = "false") boolean trainer) {}
