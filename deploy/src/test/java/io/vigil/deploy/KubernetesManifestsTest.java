package io.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.http.annotation.Controller;
import io.vigil.cloud.api.BrokerHookController;
import io.vigil.cloud.app.KafkaTopicSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of deploy/kubernetes: every document passes Kubernetes' or Strimzi's API
 * model ({@link ManifestSchemas}), the kustomization lists every file, and the manifests agree with
 * what the cloud service expects (its topics with one partition count, its configuration keys, its
 * health endpoints, its broker hook), and their selectors select pods.
 */
class KubernetesManifestsTest {

  private static final Path DIR = Path.of("kubernetes");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Every document, by file name and kind/name. */
  private static final Map<String, JsonNode> DOCS = new LinkedHashMap<>();

  @BeforeAll
  static void load() throws IOException {
    for (Path file : manifestFiles()) {
      try (var docs = YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class)) {
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
            DOCS.put(
                file.getFileName()
                    + " "
                    + doc.path("kind").asText()
                    + "/"
                    + doc.path("metadata").path("name").asText(),
                doc);
          }
        }
      }
    }
    assertThat(DOCS).hasSizeGreaterThan(20);
  }

  @Test
  void everyDocumentPassesItsApiSchema() {
    Map<String, List<String>> problems = new LinkedHashMap<>();
    DOCS.forEach(
        (name, doc) -> {
          List<String> p = ManifestSchemas.problems(doc);
          if (!p.isEmpty()) {
            problems.put(name, p);
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void theValidatorRefusesWhatKubernetesWould() throws IOException {
    JsonNode typo =
        YAML.readTree(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n"
                + "spec: {replica: 2, selector: {matchLabels: {a: b}},"
                + " template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c}]}}}");
    assertThat(ManifestSchemas.problems(typo)).singleElement().asString().contains("replica");
    JsonNode missing =
        YAML.readTree("apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{}]}");
    assertThat(ManifestSchemas.problems(missing)).singleElement().asString().contains("port");
    JsonNode strimzi =
        YAML.readTree(
            "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata: {name: t}\n"
                + "spec: {partitions: 3, replica: 3}");
    assertThat(ManifestSchemas.problems(strimzi)).singleElement().asString().contains("replica");
    JsonNode badEnum =
        YAML.readTree(
            "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaNodePool\nmetadata: {name: p}\n"
                + "spec: {replicas: 3, roles: [broker], storage: {type: jbod, volumes:"
                + " [{id: 0, type: persistent-claim, size: 1Gi, kraftMetadata: bogus}]}}");
    assertThat(ManifestSchemas.problems(badEnum))
        .singleElement()
        .asString()
        .contains("kraftMetadata");
    JsonNode unknownKind = YAML.readTree("apiVersion: v1\nkind: Frobnicator\nmetadata: {name: x}");
    assertThat(ManifestSchemas.problems(unknownKind)).isNotEmpty();
  }

  @Test
  void theKustomizationListsEveryManifest() throws IOException {
    JsonNode k = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
    Set<String> listed = new TreeSet<>();
    k.path("resources").forEach(r -> listed.add(r.asText()));
    assertThat(listed)
        .isEqualTo(
            manifestFiles().stream()
                .map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new)));
    assertThat(k.path("namespace").asText()).isEqualTo("vigil");
  }

  @Test
  void topicsAreTheServicesWithOnePartitionCountAndEnoughRetention() {
    Map<String, String> config = cloudConfig();
    int partitions = Integer.parseInt(config.get("VIGIL_KAFKA_PARTITIONS"));
    int replication = Integer.parseInt(config.get("VIGIL_KAFKA_REPLICATION_FACTOR"));
    Map<String, JsonNode> topics =
        kind("KafkaTopic")
            .collect(
                Collectors.toMap(
                    t -> t.path("metadata").path("name").asText(), t -> t.path("spec")));
    assertThat(topics.keySet()).isEqualTo(KafkaTopicSetup.TOPICS);
    topics.forEach(
        (name, spec) -> {
          assertThat(spec.path("partitions").asInt()).as(name).isEqualTo(partitions);
          assertThat(spec.path("replicas").asInt()).as(name).isEqualTo(replication);
          KafkaTopicSetup.CONFIGS
              .getOrDefault(name, Map.of())
              .forEach(
                  (key, value) ->
                      assertThat(spec.path("config").path(key).asText())
                          .as("%s %s, as the service creates it", name, key)
                          .isEqualTo(value));
        });
    Duration retention = days(config.get("VIGIL_KAFKA_RETENTION"));
    assertThat(topics.get("vigil.events").path("config").path("retention.ms").asLong())
        .as("events are kept at least as long as the processor remembers them")
        .isGreaterThanOrEqualTo(retention.toMillis());
    JsonNode processorHpa = named("HorizontalPodAutoscaler", "vigil-processor");
    assertThat(processorHpa.path("spec").path("maxReplicas").asInt())
        .as("more processors than partitions would idle")
        .isLessThanOrEqualTo(partitions);
  }

  @Test
  void everyEnvironmentVariableIsAConfigurationKeyOfTheService() throws IOException {
    Set<String> known = ServiceVariables.all();
    Set<String> used = new TreeSet<>(cloudConfig().keySet());
    for (JsonNode container : cloudContainers()) {
      container.path("env").forEach(e -> used.add(e.path("name").asText()));
    }
    used.remove("POD_NAME");
    assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(known).as(name).contains(name));
  }

  @Test
  void probesUseTheHealthEndpointsAndPodsRunAsTheImagesUser() {
    for (JsonNode container : cloudContainers()) {
      assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
          .isEqualTo("/health/readiness");
      assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
          .isEqualTo("/health/liveness");
      assertThat(container.path("image").asText()).isEqualTo("vigil/vigil-cloud");
      assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
          .isTrue();
      assertThat(container.path("resources").path("requests").has("memory")).isTrue();
    }
    kind("Deployment", "StatefulSet")
        .filter(
            w ->
                w.path("metadata").path("name").asText().startsWith("vigil-ingest")
                    || w.path("metadata").path("name").asText().startsWith("vigil-processor"))
        .forEach(
            w ->
                assertThat(
                        w.path("spec")
                            .path("template")
                            .path("spec")
                            .path("securityContext")
                            .path("runAsUser")
                            .asInt())
                    .isEqualTo(65532));
  }

  @Test
  void theBrokerClusterAsksTheServicesHook() {
    String hookPath = BrokerHookController.class.getAnnotation(Controller.class).value();
    String emqx = named("ConfigMap", "vigil-mqtt").path("data").path("emqx.conf").asText();
    assertThat(emqx)
        .contains("url = \"http://vigil-api.vigil.svc:8080" + hookPath + "\"")
        .contains("no_match = deny");
    assertThat(named("Service", "vigil-api")).isNotNull();
  }

  @Test
  void everySelectorSelectsPods() {
    List<JsonNode> podLabels =
        kind("Deployment", "StatefulSet")
            .map(w -> w.path("spec").path("template").path("metadata").path("labels"))
            .toList();
    List<String> selectors = new ArrayList<>();
    kind("Service").forEach(s -> selectors.add(s.path("spec").path("selector").toString()));
    kind("PodDisruptionBudget", "NetworkPolicy")
        .forEach(
            p ->
                selectors.add(
                    p.path("spec")
                        .path(
                            p.path("kind").asText().equals("NetworkPolicy")
                                ? "podSelector"
                                : "selector")
                        .path("matchLabels")
                        .toString()));
    kind("Deployment", "StatefulSet")
        .forEach(
            w -> selectors.add(w.path("spec").path("selector").path("matchLabels").toString()));
    for (String selector : selectors) {
      JsonNode labels = readJson(selector);
      if (labels.isEmpty()) {
        continue; // the default-deny policy selects every pod
      }
      assertThat(podLabels)
          .as("pods selected by " + selector)
          .anySatisfy(
              pod ->
                  labels
                      .fields()
                      .forEachRemaining(
                          e ->
                              assertThat(pod.path(e.getKey()).asText())
                                  .isEqualTo(e.getValue().asText())));
    }
  }

  @Test
  void theProcessorAutoscalesOnAMetricTheAlertsAlsoWatch() throws IOException {
    String metric =
        named("HorizontalPodAutoscaler", "vigil-processor")
            .path("spec")
            .path("metrics")
            .get(0)
            .path("pods")
            .path("metric")
            .path("name")
            .asText();
    assertThat(Files.readString(Path.of("observability", "alerts.yml"))).contains(metric);
  }

  private static List<Path> manifestFiles() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Stream<JsonNode> kind(String... kinds) {
    Set<String> wanted = Set.of(kinds);
    return DOCS.values().stream().filter(d -> wanted.contains(d.path("kind").asText()));
  }

  @Test
  void theRegistryTrustsTheKeyTheShippedModelIsSignedWith() throws IOException {
    String key =
        named("ConfigMap", "vigil-model-publisher").path("data").path("publisher.pub.pem").asText();
    assertThat(key.strip())
        .isEqualTo(
            Files.readString(Path.of("../models/vigil-driving/1.0.0/publisher.pub.pem")).strip());
    assertThat(cloudConfig().get("VIGIL_MODELS_PUBLISHER_KEY"))
        .isEqualTo("/etc/vigil/publisher/publisher.pub.pem");
  }

  private static JsonNode named(String kind, String name) {
    return kind(kind)
        .filter(d -> d.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static Map<String, String> cloudConfig() {
    Map<String, String> data = new LinkedHashMap<>();
    named("ConfigMap", "vigil-cloud")
        .path("data")
        .fields()
        .forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
    return data;
  }

  private static List<JsonNode> cloudContainers() {
    List<JsonNode> containers = new ArrayList<>();
    kind("Deployment", "StatefulSet")
        .filter(
            w ->
                w.path("spec")
                    .path("template")
                    .path("metadata")
                    .path("labels")
                    .path("app.kubernetes.io/name")
                    .asText()
                    .equals("vigil-cloud"))
        .forEach(
            w ->
                w.path("spec")
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .forEach(containers::add));
    assertThat(containers).hasSize(2);
    return containers;
  }

  private static Duration days(String value) {
    assertThat(value).matches("\\d+d");
    return Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1)));
  }

  private static JsonNode readJson(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
