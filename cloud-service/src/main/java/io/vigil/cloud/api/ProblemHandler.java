package io.vigil.cloud.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.HttpStatusHandler;
import jakarta.inject.Singleton;

/** Turns the API's refusals (bad parameters, not ready) into problem+json responses. */
@Singleton
@Produces("application/problem+json")
@Replaces(HttpStatusHandler.class)
final class ProblemHandler implements ExceptionHandler<HttpStatusException, HttpResponse<Problem>> {

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, HttpStatusException e) {
    Problem p = Problem.of(e.getStatus(), e.getMessage());
    return HttpResponse.<Problem>status(e.getStatus())
        .contentType(MediaType.of("application/problem+json"))
        .body(p);
  }
}
