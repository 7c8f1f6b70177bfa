package io.vigil.deploy;

import io.vigil.cloud.app.KafkaTopicSetup;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The environment variables that set the cloud service's configuration keys (Micronaut's mapping of
 * {@code vigil.kafka.bootstrap-servers} is {@code VIGIL_KAFKA_BOOTSTRAP_SERVERS}), from its
 * reference configuration, for checking deployment files against.
 */
final class ServiceVariables {

  private ServiceVariables() {}

  static Set<String> all() throws IOException {
    Properties keys = new Properties();
    try (InputStream in =
        KafkaTopicSetup.class.getClassLoader().getResourceAsStream("application.properties")) {
      keys.load(in);
    }
    return keys.stringPropertyNames().stream()
        .map(k -> k.toUpperCase().replace('.', '_').replace('-', '_'))
        .collect(Collectors.toSet());
  }
}
