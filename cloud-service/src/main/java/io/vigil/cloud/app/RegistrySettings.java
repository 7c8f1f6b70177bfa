package io.vigil.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The model registry ({@code vigil.models.*}): which key packages must be signed with, and how big
 * an upload may be.
 *
 * @param publisherKey Ed25519 public key (PEM) every registered package must verify with; the
 *     agents trust the same key (default models/vigil-driving/1.0.0/publisher.pub.pem, the shipped
 *     model's)
 * @param maxPackageBytes largest unpacked upload, bytes (default 8388608, 8 MiB)
 */
@ConfigurationProperties("vigil.models")
public record RegistrySettings(
    @Bindable(defaultValue = "models/vigil-driving/1.0.0/publisher.pub.pem") String publisherKey,
    @Bindable(defaultValue = "8388608") long maxPackageBytes) {}
