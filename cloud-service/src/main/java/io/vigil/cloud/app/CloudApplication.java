package io.vigil.cloud.app;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;

/**
 * Entry point of the cloud service: one jar whose roles (ingest, processor, api) are chosen by
 * configuration.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Vigil cloud API",
            version = "1",
            description =
                "Safety scores, leaderboards, events, vehicle status and reviews of a fleet's"
                    + " driving, from the Vigil processor's state.",
            license = @License(name = "Apache-2.0")))
public final class CloudApplication {

  private CloudApplication() {}

  public static void main(String[] args) {
    Micronaut.run(CloudApplication.class, args);
  }
}
