package io.vigil.cloud.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.brokers.testkit.ContainerImage;
import io.vigil.brokers.testkit.KafkaBrokerExtension;
import io.vigil.brokers.testkit.MqttBrokerExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cloud service's OCI images ({@code -Pimages}): their configuration is what the Kubernetes
 * manifests rely on (non-root user, entrypoint, HTTP port, architecture), and each image, run on
 * its own architecture under QEMU with every role against real brokers, reports itself healthy.
 */
class CloudImageIT {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MqttBrokerExtension MQTT = new MqttBrokerExtension();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @ParameterizedTest
  @ValueSource(strings = {"amd64", "arm64"})
  void imageIsConfiguredAndStartsHealthy(String arch) throws Exception {
    Path tar = ContainerImage.built("vigil-cloud", arch);
    assumeTrue(ContainerImage.requested() || Files.exists(tar), "images not built (-Pimages)");
    assertThat(tar).as("-Pimages must build " + tar).exists();

    ContainerImage image =
        ContainerImage.read(tar, Path.of("target", "image-check", "vigil-cloud-" + arch));
    ContainerImage.Config config = image.config();
    assertThat(config.architecture()).isEqualTo(arch);
    assertThat(config.os()).isEqualTo("linux");
    assertThat(config.user()).isEqualTo("65532:65532");
    assertThat(config.entrypoint())
        .startsWith("java")
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
        .endsWith("io.vigil.cloud.app.CloudApplication");
    assertThat(config.cmd()).isEmpty();
    assertThat(config.exposedPorts()).containsExactly("8080/tcp");
    assertThat(config.workingDir()).isEqualTo("/var/lib/vigil");

    Path root = image.unpack();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = image.emulate(root, List.of());
    pb.environment()
        .putAll(
            Map.of(
                "MICRONAUT_SERVER_PORT",
                Integer.toString(port),
                "VIGIL_KAFKA_BOOTSTRAP_SERVERS",
                KAFKA.bootstrapServers(),
                "VIGIL_KAFKA_APPLICATION_ID",
                "vigil-image-" + arch,
                "VIGIL_MQTT_SERVER",
                MQTT.serverUri(),
                "VIGIL_MQTT_CLIENT_ID",
                "vigil-image-" + arch,
                "VIGIL_MQTT_USERNAME",
                MqttBrokerExtension.SERVICE_USER,
                "VIGIL_MQTT_PASSWORD",
                MQTT.servicePassword(),
                "VIGIL_SECURITY_JWT_SECRET",
                "image-check-secret-of-at-least-32-characters"));
    Path log = Path.of("target", "image-check", "vigil-cloud-" + arch + ".log");
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      String health = awaitHealthy(port, p, Duration.ofMinutes(4));
      assertThat(health).as(Files.readString(log)).contains("\"status\":\"UP\"");
    } finally {
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private String awaitHealthy(int port, Process p, Duration limit) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant until = Instant.now().plus(limit);
    String last = "no answer";
    while (Instant.now().isBefore(until) && p.isAlive()) {
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        last = r.statusCode() + " " + r.body();
        if (r.statusCode() == 200) {
          return r.body();
        }
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      Thread.sleep(1000);
    }
    return "not healthy within " + limit + " (alive: " + p.isAlive() + "): " + last;
  }
}
