package io.vigil.cloud.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.vigil.cloud.retraining.RetrainingWorker;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.ModelPackageException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The trainer role ({@code vigil.roles.trainer=true}): runs the {@link RetrainingWorker}, which
 * takes the retraining jobs admins ask for, one at a time. Off by default; exactly one instance
 * should run it, where the {@code vigil-models} jar and the model signing key are.
 */
@Singleton
@Requires(property = "vigil.roles.trainer", value = "true")
public final class TrainerRole {

  private final KafkaSettings kafka;
  private final RetrainingSettings settings;
  private final RegistrySettings registry;
  private final Clock clock;
  private RetrainingWorker worker;

  TrainerRole(
      KafkaSettings kafka, RetrainingSettings settings, RegistrySettings registry, Clock clock) {
    this.kafka = kafka;
    this.settings = settings;
    this.registry = registry;
    this.clock = clock;
  }

  @EventListener
  void start(StartupEvent event) throws InterruptedException, ModelPackageException {
    KafkaTopicSetup.ensure(kafka);
    worker =
        new RetrainingWorker(
            kafka.bootstrapServers(),
            settings,
            Ed25519Pem.readPublic(Path.of(registry.publisherKey())),
            registry.maxPackageBytes(),
            clock);
    worker.start();
  }

  @PreDestroy
  void stop() throws InterruptedException {
    if (worker != null) {
      worker.close();
    }
  }
}
