package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.vigil.cloud.processor.StoresUnavailableException;
import jakarta.inject.Singleton;

/**
 * The API's 503s: while the processor starts, restores or rebalances, or another instance cannot be
 * reached, a read is refused with a problem+json and a {@code Retry-After}, never answered from
 * partial state.
 */
@Singleton
@Produces("application/problem+json")
@Requires(classes = StoresUnavailableException.class)
final class UnavailableHandler
    implements ExceptionHandler<StoresUnavailableException, HttpResponse<Problem>> {

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, StoresUnavailableException e) {
    HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
    return HttpResponse.<Problem>status(status)
        .header("Retry-After", "2")
        .contentType(MediaType.of("application/problem+json"))
        .body(Problem.of(status, e.getMessage()));
  }
}
