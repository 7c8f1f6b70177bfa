package io.vigil.cloud.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.brokers.testkit.MonitoredMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus configuration and alert rules pass {@code promtool} (Debian's prometheus
 * package, which .ci/run installs): syntax, and the rules' own unit tests in alerts.test.yml. The
 * Grafana dashboard is well-formed. Whether the metrics they query exist is checked where a real
 * service and agent are scraped (CloudPipelineIT, OutboxCapIT).
 */
class ObservabilityFilesTest {

  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Path DIR = MonitoredMetrics.directory();

  @Test
  void promtoolAcceptsTheConfigAndTheRulesPassTheirUnitTests() throws Exception {
    assumeTrue(
        Files.isExecutable(PROMTOOL), "promtool (Debian package prometheus) is not installed");
    for (List<String> args :
        List.of(
            List.of("check", "config", "prometheus.yml"),
            List.of("check", "rules", "alerts.yml"),
            List.of("test", "rules", "alerts.test.yml"))) {
      Process p =
          new ProcessBuilder(
                  java.util.stream.Stream.concat(
                          java.util.stream.Stream.of(PROMTOOL.toString()), args.stream())
                      .toList())
              .directory(DIR.toFile())
              .redirectErrorStream(true)
              .start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("promtool %s:%n%s", args, out).isZero();
    }
  }

  @Test
  void theDashboardIsGrafanaJsonWithAQueryInEveryPanel() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(DIR.resolve("grafana-dashboard.json").toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("vigil-overview");
    assertThat(dashboard.path("panels")).isNotEmpty();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).isNotBlank());
    }
    assertThat(MonitoredMetrics.referenced())
        .contains("vigil_ingest_dead_letters_total", "vigil_agent_outbox_depth");
  }
}
