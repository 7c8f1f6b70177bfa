package io.vigil.mqtt;

import java.io.IOException;

/**
 * An MQTT operation failed: a connect was refused, a publish was rejected with a reason code, or
 * the client is closed. Carries the MQTT reason code when the broker gave one.
 */
public final class MqttClientException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Reason code when no MQTT reason is known. */
  public static final int NO_REASON = -1;

  /** MQTT v5 "Not authorized" (0x87). */
  public static final int NOT_AUTHORIZED = 0x87;

  /** MQTT v5 "Bad user name or password" (0x86). */
  public static final int BAD_CREDENTIALS = 0x86;

  private final int reasonCode;

  public MqttClientException(String message, int reasonCode, Throwable cause) {
    super(message, cause);
    this.reasonCode = reasonCode;
  }

  /** MQTT v5 reason code, or {@link #NO_REASON}. */
  public int reasonCode() {
    return reasonCode;
  }
}
