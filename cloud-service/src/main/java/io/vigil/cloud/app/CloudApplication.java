package io.vigil.cloud.app;

import io.micronaut.runtime.Micronaut;

/**
 * Entry point of the cloud service: one jar whose roles (ingest, processor, api) are chosen by
 * configuration.
 */
public final class CloudApplication {

  private CloudApplication() {}

  public static void main(String[] args) {
    Micronaut.run(CloudApplication.class, args);
  }
}
