package io.vigil.brokers.testkit;

import io.vigil.brokers.kafka.EmbeddedKafkaBroker;
import io.vigil.brokers.kafka.KafkaBrokerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for a test class: {@code @RegisterExtension static KafkaBrokerExtension kafka
 * = new KafkaBrokerExtension();}. In-JVM KRaft by default; with {@code
 * -Dvigil.test.brokers=testcontainers}, an {@code apache/kafka} container, and the class is skipped
 * when Docker is not available.
 */
public final class KafkaBrokerExtension
    implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

  /** Image used in Testcontainers mode; the same Kafka line as the build. */
  public static final String KAFKA_IMAGE = "apache/kafka:4.1.0";

  private EmbeddedKafkaBroker embedded;
  private KafkaContainer container;
  private Path dataDir;

  /** Skips (reported as skipped, not failed) the Testcontainers mode where Docker is absent. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (BrokerMode.current() == BrokerMode.TESTCONTAINERS
        && !DockerClientFactory.instance().isDockerAvailable()) {
      return ConditionEvaluationResult.disabled(
          "vigil.test.brokers=testcontainers but no Docker engine is available");
    }
    return ConditionEvaluationResult.enabled("Kafka broker available");
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (BrokerMode.current() == BrokerMode.TESTCONTAINERS) {
      container = new KafkaContainer(KAFKA_IMAGE);
      container.start();
      return;
    }
    dataDir = Files.createTempDirectory("vigil-test-kafka");
    embedded =
        new EmbeddedKafkaBroker(KafkaBrokerSettings.defaults(dataDir).withRandomPorts()).start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (container != null) {
      container.stop();
    }
    if (embedded != null) {
      embedded.close();
      TempDirs.deleteRecursively(dataDir);
    }
  }

  /** {@code host:port} of the broker. */
  public String bootstrapServers() {
    if (container != null) {
      return container.getBootstrapServers();
    }
    if (embedded == null) {
      throw new IllegalStateException("the Kafka broker is not started (register the extension)");
    }
    return embedded.bootstrapServers();
  }

  /** Client configuration with the bootstrap servers and {@code extra}. */
  public Map<String, Object> clientConfig(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return config;
  }

  /** Whether the broker runs in this JVM (and so can be stopped and started). */
  public boolean isEmbedded() {
    return embedded != null;
  }

  /** Stops the in-JVM broker (data kept); only in embedded mode. */
  public void stop() {
    requireEmbedded().stop();
  }

  /** Starts the in-JVM broker again on the same ports and data. */
  public void start() {
    try {
      requireEmbedded().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private EmbeddedKafkaBroker requireEmbedded() {
    if (embedded == null) {
      throw new IllegalStateException("stopping and starting is only possible in embedded mode");
    }
    return embedded;
  }
}
