package io.vigil.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The whole cloud service's properties for a {@link DevStack}'s brokers, as the fleet ITs run it: a
 * random HTTP port, the stack's service user on MQTT, its Kafka, state and users under {@code dir},
 * the device credentials the stack's broker checks, and the test's publisher key. Rollouts judge
 * early (300 windows, 5 events), so a short drive can see a bound breached. The map is mutable for
 * a test's own additions.
 */
final class DevStackCloud {

  private DevStackCloud() {}

  static Map<String, Object> properties(DevStack stack, Path dir, Path publisher) {
    Properties credentials = stack.credentials();
    Map<String, Object> p = new HashMap<>(CloudAccess.serviceProperties(dir.resolve("cloud")));
    p.put("micronaut.server.port", -1);
    p.put("vigil.mqtt.server", stack.mqttUri().orElseThrow());
    p.put("vigil.mqtt.username", credentials.getProperty("service.user"));
    p.put("vigil.mqtt.password", credentials.getProperty("service.password"));
    p.put("vigil.kafka.bootstrap-servers", stack.bootstrapServers().orElseThrow());
    p.put("vigil.kafka.state-dir", dir.resolve("streams").toString());
    p.put(
        "vigil.security.device-credentials-file",
        dir.resolve("brokers").resolve("mqtt-credentials").toString());
    p.put("vigil.models.publisher-key", publisher.toString());
    p.put("vigil.rollout.min-windows", 300);
    p.put("vigil.rollout.min-events", 5);
    return p;
  }
}
