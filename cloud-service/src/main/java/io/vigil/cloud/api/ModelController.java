package io.vigil.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.app.RegistrySettings;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.registry.ModelUpload;
import io.vigil.cloud.registry.RegisteredModel;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.ModelPackageException;
import io.vigil.protocol.topic.SafeId;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The model registry: signed model packages with their evaluation and gate reports, from which
 * rollouts take what they send. Organisation-wide (a package is not a fleet's), readable by every
 * user; an admin registers a package by uploading a zip of its directory, which must verify with
 * the publisher key the agents trust. A version, once registered, names one package forever.
 */
@Controller("/api/v1/models")
@Secured(Role.VIEWER_NAME)
@ProblemResponses
@Requires(property = "vigil.roles.api", notEquals = "false")
@Requires(beans = ProcessorRole.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ModelController {

  /**
   * A registered model, without its bytes.
   *
   * @param name model name
   * @param version semantic version
   * @param parentVersion version it was retrained from, null for a first model
   * @param sha256 SHA-256 of the archive agents receive
   * @param sizeBytes its size
   * @param createdAt when the package was built
   * @param registeredAt when it was registered
   * @param registeredBy who registered it
   * @param metrics the evaluation metrics of its manifest
   * @param documents the reports kept with it (GET .../documents/{file})
   */
  public record Summary(
      String name,
      String version,
      String parentVersion,
      String sha256,
      long sizeBytes,
      String createdAt,
      String registeredAt,
      String registeredBy,
      JsonNode metrics,
      List<String> documents) {

    static Summary of(RegisteredModel m) {
      return new Summary(
          m.name(),
          m.version(),
          m.parentVersion(),
          m.sha256(),
          m.sizeBytes(),
          m.createdAt(),
          Instant.ofEpochMilli(m.registeredAtMs()).toString(),
          m.registeredBy(),
          m.metrics(),
          List.copyOf(new java.util.TreeSet<>(m.documents().keySet())));
    }
  }

  private static final java.time.Duration VISIBLE_WITHIN = java.time.Duration.ofSeconds(10);

  private final ProcessorRole processor;
  private final ControlPublisher publisher;
  private final RegistrySettings settings;
  private final Clock clock;

  ModelController(
      ProcessorRole processor, ControlPublisher publisher, RegistrySettings settings, Clock clock) {
    this.processor = processor;
    this.publisher = publisher;
    this.settings = settings;
    this.clock = clock;
  }

  /** Every registered model version, by name then version. */
  @Get
  public List<Summary> list() {
    return processor.stores().registeredModels().values().stream().map(Summary::of).toList();
  }

  /** One registered version. */
  @Get("/{name}/{version}")
  public Summary get(String name, String version) {
    return Summary.of(find(name, version));
  }

  /** A report kept with a version: report.html, report.json, gate.html or gate.json. */
  @Get("/{name}/{version}/documents/{file}")
  public HttpResponse<String> document(String name, String version, String file) {
    RegisteredModel m = find(name, version);
    String text = m.documents().get(file);
    if (text == null) {
      throw new HttpStatusException(
          HttpStatus.NOT_FOUND,
          name + " " + version + " has no " + file + " (it has " + m.documents().keySet() + ")");
    }
    MediaType type =
        file.endsWith(".html") ? MediaType.TEXT_HTML_TYPE : MediaType.APPLICATION_JSON_TYPE;
    return HttpResponse.ok(text).contentType(type);
  }

  /**
   * Registers a package: the body is a zip of the package directory's files (manifest.json,
   * manifest.sig, the model, golden.json) and optionally report.html, report.json, gate.html and
   * gate.json. 201 once the registry holds it; 200 if this very package was registered before.
   */
  @Post(consumes = {"application/zip", MediaType.APPLICATION_OCTET_STREAM})
  @Secured(Role.ADMIN_NAME)
  public HttpResponse<Summary> register(@Body byte[] zip, Authentication user)
      throws InterruptedException {
    if (zip == null || zip.length == 0) {
      throw new HttpStatusException(
          HttpStatus.BAD_REQUEST, "the body must be a zip of the package directory");
    }
    RegisteredModel m;
    try {
      m =
          ModelUpload.read(
              zip, publisherKey(), settings.maxPackageBytes(), user.getName(), clock.instant());
    } catch (ModelPackageException e) {
      throw new HttpStatusException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          "not a package the registry accepts ("
              + e.problem().name().toLowerCase(java.util.Locale.ROOT)
              + "): "
              + e.getMessage());
    }
    if (!SafeId.isValid(m.name()) || !m.version().matches("[0-9A-Za-z.+-]{1,64}")) {
      throw new HttpStatusException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          "model name must be 1-64 of [A-Za-z0-9_-] and the version a semantic version");
    }
    Optional<RegisteredModel> before = processor.stores().registeredModel(m.name(), m.version());
    if (before.isPresent()) {
      if (before.get().samePackageAs(m)) {
        return HttpResponse.ok(Summary.of(before.get()));
      }
      throw new HttpStatusException(
          HttpStatus.CONFLICT,
          m.name()
              + " "
              + m.version()
              + " is registered with another package (sha256 "
              + before.get().sha256()
              + "); a changed package needs a new version");
    }
    try {
      publisher.model(m);
    } catch (ExecutionException | TimeoutException e) {
      throw new HttpStatusException(
          HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not take the package; retry: " + e);
    }
    // Answer once this instance's copy of the registry has it, so a rollout started next sees it.
    long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
    while (processor.stores().registeredModel(m.name(), m.version()).isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return HttpResponse.created(Summary.of(m));
  }

  private RegisteredModel find(String name, String version) {
    return processor
        .stores()
        .registeredModel(name, version)
        .orElseThrow(
            () ->
                new HttpStatusException(
                    HttpStatus.NOT_FOUND, "model " + name + " " + version + " is not registered"));
  }

  private PublicKey publisherKey() {
    try {
      return Ed25519Pem.readPublic(Path.of(settings.publisherKey()));
    } catch (ModelPackageException e) {
      throw new HttpStatusException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "the registry cannot check signatures: vigil.models.publisher-key ("
              + settings.publisherKey()
              + "): "
              + e.getMessage());
    }
  }
}
