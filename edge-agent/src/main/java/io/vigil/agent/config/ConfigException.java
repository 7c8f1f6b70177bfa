package io.vigil.agent.config;

/** A configuration that cannot be used; the message names the key, the source and the problem. */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }
}
