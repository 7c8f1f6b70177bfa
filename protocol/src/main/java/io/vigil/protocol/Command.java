package io.vigil.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A command from the cloud to one device on {@code .../cmd}.
 *
 * @param commandId unique id, so a redelivered command is run once
 * @param issuedAt when the cloud issued it
 * @param type what to do
 * @param args string arguments, at most 16
 */
public record Command(UUID commandId, Instant issuedAt, Type type, Map<String, String> args)
    implements VigilMessage {

  public Command {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(type, "type");
    args = Map.copyOf(args);
  }

  /** Commands a device understands. */
  public enum Type implements WireEnum {
    /** Go back to the previous model. */
    ROLLBACK_MODEL,
    /** Publish a fresh status message. */
    REQUEST_STATUS,
    /** Upload a sample of unflagged windows for retraining. */
    UPLOAD_SAMPLES,
    /** Forget the mounting calibration and learn it again. */
    RECALIBRATE
  }
}
