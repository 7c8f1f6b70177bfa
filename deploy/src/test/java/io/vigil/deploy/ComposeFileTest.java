package io.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.cloud.app.KafkaTopicSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The compose file (deploy/compose), checked without a Docker engine: its services and images, its
 * variables against the cloud service's and the agent's configuration keys, its ports.
 */
class ComposeFileTest {

  private static final Path FILE = Path.of("compose", "compose.yaml");

  @Test
  void servicesUseTheBuiltImagesAndOnlyKnownSettings() throws IOException {
    JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
    JsonNode services = compose.path("services");
    assertThat(fieldNames(services))
        .containsExactlyInAnyOrder("kafka", "mqtt", "cloud", "simulator");
    assertThat(services.path("cloud").path("image").asText()).startsWith("vigil/vigil-cloud:");
    assertThat(services.path("simulator").path("image").asText()).startsWith("vigil/vigil-agent:");

    assertThat(fieldNames(services.path("cloud").path("environment")))
        .isNotEmpty()
        .allSatisfy(name -> assertThat(ServiceVariables.all()).as(name).contains(name));
    Set<String> agentKeys = agentKeys();
    assertThat(agentKeys).hasSizeGreaterThan(20);
    assertThat(fieldNames(services.path("simulator").path("environment")))
        .isNotEmpty()
        .allSatisfy(name -> assertThat(agentKeys).as(name).contains(name));

    for (JsonNode service : services) {
      service.path("ports").forEach(p -> assertThat(p.asText()).startsWith("127.0.0.1:"));
    }
    // The service creates its topics on a Kafka that does not auto-create them.
    assertThat(
            services
                .path("kafka")
                .path("environment")
                .path("KAFKA_AUTO_CREATE_TOPICS_ENABLE")
                .asText())
        .isEqualTo("false");
    assertThat(KafkaTopicSetup.TOPICS).isNotEmpty();
  }

  /** The agent's variables, from its generated reference configuration. */
  private static Set<String> agentKeys() throws IOException {
    Matcher m =
        Pattern.compile("environment: (VIGIL_AGENT_[A-Z0-9_]+)")
            .matcher(Files.readString(Path.of("edge", "agent.properties")));
    Set<String> keys = new TreeSet<>();
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
