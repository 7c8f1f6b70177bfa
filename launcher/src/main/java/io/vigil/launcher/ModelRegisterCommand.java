package io.vigil.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.cloud.registry.ModelUpload;
import io.vigil.inference.pkg.ModelPackageException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Registers a signed model package with the cloud's model registry ({@code POST /api/v1/models}):
 * zips the package's files and the reports beside it (REPORT/report.html, report.json, gate.html,
 * gate.json, as {@code vigil-models pipeline} and {@code retrain} write them) and uploads them as
 * an admin. The registry verifies the package with its publisher key; rollouts then take it from
 * there.
 */
@Command(
    name = "model-register",
    mixinStandardHelpOptions = true,
    description = {
      "Register a signed model package (and its reports) with the cloud's model registry.",
      "Then roll it out with POST /api/v1/fleets/FLEET/rollout or the dashboard."
    })
final class ModelRegisterCommand implements Callable<Integer> {

  private static final Duration RETRY_FOR = Duration.ofSeconds(120);

  @Parameters(
      index = "0",
      description = "Model package directory, e.g. models/vigil-driving/1.0.0.")
  Path packageDir;

  @Option(
      names = "--api",
      descriptionKey = "model-register.api",
      description = "Cloud service base URL (default: ${DEFAULT-VALUE}).")
  String api = "http://127.0.0.1:8080";

  @Option(
      names = "--user",
      descriptionKey = "model-register.user",
      description = "An admin user of the dashboard (default: env VIGIL_API_USER).")
  String user = System.getenv("VIGIL_API_USER");

  @Option(
      names = "--password",
      descriptionKey = "model-register.password",
      description = "Its password (default: env VIGIL_API_PASSWORD).")
  String password = System.getenv("VIGIL_API_PASSWORD");

  @Override
  public Integer call() throws Exception {
    if (user == null || password == null) {
      throw new IllegalArgumentException(
          "an admin login is needed: --user and --password, or env VIGIL_API_USER and"
              + " VIGIL_API_PASSWORD");
    }
    HttpResponse<String> r =
        upload(api, CloudAccess.login(api, user, password), packageDir, System.out);
    JsonNode body = new ObjectMapper().readTree(r.body().isEmpty() ? "{}" : r.body());
    if (r.statusCode() != 200 && r.statusCode() != 201) {
      System.err.println(
          "the registry refused "
              + packageDir
              + " (HTTP "
              + r.statusCode()
              + "): "
              + body.path("detail").asText(r.body()));
      return 1;
    }
    System.out.printf(
        "%s %s %s (sha256 %s, %,d bytes; reports: %s)%n",
        r.statusCode() == 201 ? "registered" : "already registered:",
        body.path("name").asText(),
        body.path("version").asText(),
        body.path("sha256").asText(),
        body.path("sizeBytes").asLong(),
        body.path("documents").isEmpty() ? "none" : body.path("documents").toString());
    return 0;
  }

  /**
   * Uploads the package in {@code dir} (with its reports) to the registry at {@code api} as the
   * admin whose token is given; while the service starts (503) it tries again for up to two
   * minutes, saying so on {@code progress}.
   */
  static HttpResponse<String> upload(String api, String token, Path dir, PrintStream progress)
      throws IOException, InterruptedException {
    HttpRequest upload =
        HttpRequest.newBuilder(URI.create(api + "/api/v1/models"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/zip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(zip(dir)))
            .build();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> r = http.send(upload, HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    while (r.statusCode() == 503 && System.nanoTime() < deadline) {
      progress.println("the cloud service is not ready yet; retrying in 2 s");
      Thread.sleep(2000);
      r = http.send(upload, HttpResponse.BodyHandlers.ofString());
    }
    return r;
  }

  /** The package's own files and the reports found in PACKAGE/report, flat in one zip. */
  static byte[] zip(Path dir) {
    try {
      return ModelUpload.archive(dir);
    } catch (ModelPackageException e) {
      throw new IllegalArgumentException(
          dir + " is not a complete model package: " + e.getMessage(), e);
    }
  }
}
