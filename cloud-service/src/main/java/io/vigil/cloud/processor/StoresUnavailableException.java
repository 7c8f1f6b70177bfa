package io.vigil.cloud.processor;

/**
 * The processor's stores cannot be read right now: the processor is starting, restoring or
 * rebalancing. Transient; the caller should retry.
 */
public final class StoresUnavailableException extends RuntimeException {

  public StoresUnavailableException(String message) {
    super(message);
  }
}
