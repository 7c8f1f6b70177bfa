package io.vigil.protocol;

/** How serious an event is; the agent derives it from peak g and model confidence. */
public enum Severity implements WireEnum {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL
}
