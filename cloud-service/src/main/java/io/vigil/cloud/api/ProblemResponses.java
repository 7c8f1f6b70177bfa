package io.vigil.cloud.api;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents, in the OpenAPI document, the problem+json refusals every API operation can answer: a
 * bad parameter, something that does not exist (or belongs to another fleet), and the processor not
 * ready.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ApiResponses({
  @ApiResponse(
      responseCode = "400",
      description = "a parameter is not valid; detail says which and why",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = Problem.class))),
  @ApiResponse(
      responseCode = "404",
      description = "no such fleet member or event (another fleet's are not found either)",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = Problem.class))),
  @ApiResponse(
      responseCode = "503",
      description = "the processor is starting or rebalancing; retry after Retry-After seconds",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = Problem.class)))
})
@interface ProblemResponses {}
