package io.vigil.cloud.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.vigil.cloud.app.ProcessorRole;
import io.vigil.cloud.processor.ProcessorStores;
import io.vigil.cloud.processor.ProcessorStores.Placement;
import io.vigil.cloud.processor.StoresUnavailableException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Answers API reads from the processor instance that holds the state. Each instance holds some
 * partitions: a vehicle's or an entity's state is on one instance, so the request is answered here
 * or forwarded to that instance; a fleet-wide answer is gathered from every instance's part. A
 * forwarded request carries {@value #SCOPE_HEADER}{@code : local} and is answered from the local
 * stores only, never forwarded again, so requests cannot loop while partitions move.
 */
@Singleton
@Requires(property = "vigil.roles.api", notEquals = "false")
@Requires(beans = ProcessorRole.class)
final class StateRouting {

  /** Marks a request one instance forwards to another. */
  static final String SCOPE_HEADER = "X-Vigil-Scope";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ProcessorRole processor;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

  StateRouting(ProcessorRole processor) {
    this.processor = processor;
  }

  ProcessorStores stores() {
    return processor.stores();
  }

  /** Whether this request came from another instance and wants this instance's part only. */
  static boolean localOnly(io.micronaut.http.HttpRequest<?> request) {
    return "local".equals(request.getHeaders().get(SCOPE_HEADER));
  }

  /**
   * The answer of the instance that holds the state at {@code where}: computed here, or the same
   * request's answer from that instance.
   */
  <T> T owned(
      Placement where, io.micronaut.http.HttpRequest<?> request, Class<T> type, Supplier<T> here) {
    return owned(where, request.getUri().toString(), request, type, here);
  }

  /**
   * {@link #owned(Placement, io.micronaut.http.HttpRequest, Class, Supplier)}, asking the owner for
   * a GET of {@code path} (for a write that then reads what it changed).
   */
  <T> T owned(
      Placement where,
      String path,
      io.micronaut.http.HttpRequest<?> request,
      Class<T> type,
      Supplier<T> here) {
    if (where.local()) {
      return here.get();
    }
    if (localOnly(request)) {
      // The forwarding instance believes this one holds the state; it moved in between.
      throw new StoresUnavailableException("partitions are moving between instances; retry");
    }
    return join(fetch(where.hostPort(), path, request, type)).orElseThrow(() -> notFound(request));
  }

  /**
   * This instance's part of a fleet-wide answer and, unless the request is itself a forwarded one,
   * every other instance's part (fetched in parallel). A part that is absent (a 404) is left out.
   */
  <T> List<T> gathered(
      io.micronaut.http.HttpRequest<?> request, Class<T> type, Supplier<Optional<T>> here) {
    return gathered(request.getUri().toString(), request, type, here);
  }

  /**
   * {@link #gathered(io.micronaut.http.HttpRequest, Class, Supplier)}, asking peers for {@code
   * path}.
   */
  <T> List<T> gathered(
      String path,
      io.micronaut.http.HttpRequest<?> request,
      Class<T> type,
      Supplier<Optional<T>> here) {
    List<CompletableFuture<Optional<T>>> remote =
        localOnly(request) ? List.of() : askPeers(path, request, type);
    List<T> parts = new ArrayList<>();
    here.get().ifPresent(parts::add);
    for (CompletableFuture<Optional<T>> f : remote) {
      join(f).ifPresent(parts::add);
    }
    return parts;
  }

  /**
   * The one answer to a GET of {@code path} (path and query) that exists: this instance's if it has
   * one, else the first other instance's (asked in parallel), else empty. For state whose owner is
   * unknown from the request, such as an event by its id.
   */
  <T> Optional<T> any(
      String path,
      io.micronaut.http.HttpRequest<?> request,
      Class<T> type,
      Supplier<Optional<T>> here) {
    Optional<T> local = here.get();
    if (local.isPresent() || localOnly(request)) {
      return local;
    }
    for (CompletableFuture<Optional<T>> f : askPeers(path, request, type)) {
      Optional<T> found = join(f);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** A GET of {@code path} to every other instance, all sent at once. */
  private <T> List<CompletableFuture<Optional<T>>> askPeers(
      String path, io.micronaut.http.HttpRequest<?> request, Class<T> type) {
    List<CompletableFuture<Optional<T>>> answers = new ArrayList<>();
    for (String peer : stores().peers()) {
      answers.add(fetch(peer, path, request, type));
    }
    return answers;
  }

  /**
   * Forwards the caller's own bearer token: the peer checks it (and its fleet) exactly as this
   * instance did, so a forwarded request can never see more than the caller may.
   */
  private <T> CompletableFuture<Optional<T>> fetch(
      String hostPort, String path, io.micronaut.http.HttpRequest<?> request, Class<T> type) {
    URI uri = URI.create("http://" + hostPort + path);
    HttpRequest.Builder forwarded =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header(SCOPE_HEADER, "local")
            .header("Accept", "application/json");
    request
        .getHeaders()
        .getAuthorization()
        .ifPresent(token -> forwarded.header(HttpHeaders.AUTHORIZATION, token));
    return http.sendAsync(forwarded.GET().build(), HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, error) -> {
              if (error != null) {
                throw new StoresUnavailableException(
                    "instance " + hostPort + " did not answer; retry (" + error + ")");
              }
              return parse(hostPort, response, type);
            });
  }

  private <T> Optional<T> parse(String hostPort, HttpResponse<byte[]> response, Class<T> type) {
    try {
      if (response.statusCode() == 200) {
        return Optional.of(json.readValue(response.body(), type));
      }
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      String detail = json.readTree(response.body()).path("detail").asText("");
      if (response.statusCode() >= 400 && response.statusCode() < 500) {
        throw new HttpStatusException(HttpStatus.valueOf(response.statusCode()), detail);
      }
      throw new StoresUnavailableException(
          "instance " + hostPort + " answered " + response.statusCode() + ": " + detail);
    } catch (IOException e) {
      throw new StoresUnavailableException(
          "instance " + hostPort + " answered something unreadable: " + e.getMessage());
    }
  }

  /** The result, or the API exception a fetch failed with (not wrapped, so it maps to a status). */
  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static HttpStatusException notFound(io.micronaut.http.HttpRequest<?> request) {
    return new HttpStatusException(HttpStatus.NOT_FOUND, "nothing at " + request.getPath());
  }
}
