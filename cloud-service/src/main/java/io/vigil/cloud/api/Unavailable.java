package io.vigil.cloud.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.vigil.cloud.app.ProcessorRole;

/** The API's 503s: the processor's stores cannot be read while it starts or rebalances. */
final class Unavailable {

  private Unavailable() {}

  static void unlessRunning(ProcessorRole processor) {
    if (!processor.running()) {
      throw new HttpStatusException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "the processor is starting or rebalancing; retry shortly");
    }
  }

  static HttpStatusException storesNotReady() {
    return new HttpStatusException(
        HttpStatus.SERVICE_UNAVAILABLE, "the processor's stores are not ready; retry shortly");
  }
}
