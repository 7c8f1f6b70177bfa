package io.vigil.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The arguments of an {@link Command.Type#UPLOAD_SAMPLES} command, defined once for the cloud that
 * sends it and the agent that carries it out: how many unflagged stretches of driving to upload and
 * how far apart their starts must be. On the wire they are the command's string arguments {@code
 * requestId}, {@code count} and {@code spacingS}.
 *
 * @param requestId carried by every uploaded {@link WindowSample}
 * @param count stretches per vehicle, {@value #MIN_COUNT}..{@value #MAX_COUNT}
 * @param spacingS least seconds between two stretches' starts, {@value #MIN_SPACING_S}..{@value
 *     #MAX_SPACING_S}
 */
public record UploadSamples(UUID requestId, int count, int spacingS) {

  public static final int DEFAULT_COUNT = 20;
  public static final int MIN_COUNT = 1;
  public static final int MAX_COUNT = 1000;
  public static final int DEFAULT_SPACING_S = 60;
  public static final int MIN_SPACING_S = 5;
  public static final int MAX_SPACING_S = 86_400;

  /** The ranges, as error messages state them. */
  public static final String RANGES =
      "count must be "
          + MIN_COUNT
          + ".."
          + MAX_COUNT
          + " and spacingS "
          + MIN_SPACING_S
          + ".."
          + MAX_SPACING_S;

  public UploadSamples {
    Objects.requireNonNull(requestId, "requestId");
    if (count < MIN_COUNT
        || count > MAX_COUNT
        || spacingS < MIN_SPACING_S
        || spacingS > MAX_SPACING_S) {
      throw new IllegalArgumentException(RANGES);
    }
  }

  /** The command that carries these arguments. */
  public Command command(UUID commandId, Instant issuedAt) {
    return new Command(
        commandId,
        issuedAt,
        Command.Type.UPLOAD_SAMPLES,
        Map.of(
            "requestId",
            requestId.toString(),
            "count",
            Integer.toString(count),
            "spacingS",
            Integer.toString(spacingS)));
  }

  /**
   * The arguments of an {@code upload_samples} command, with the defaults for those it leaves out
   * ({@code requestId}: the command's id); empty if one is malformed or out of range.
   */
  public static Optional<UploadSamples> of(Command command) {
    Map<String, String> args = command.args();
    try {
      return Optional.of(
          new UploadSamples(
              args.containsKey("requestId")
                  ? UUID.fromString(args.get("requestId"))
                  : command.commandId(),
              Integer.parseInt(args.getOrDefault("count", Integer.toString(DEFAULT_COUNT))),
              Integer.parseInt(
                  args.getOrDefault("spacingS", Integer.toString(DEFAULT_SPACING_S)))));
    } catch (IllegalArgumentException e) { // a malformed number or UUID, or out of range
      return Optional.empty();
    }
  }
}
