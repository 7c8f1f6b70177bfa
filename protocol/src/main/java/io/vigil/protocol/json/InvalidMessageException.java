package io.vigil.protocol.json;

/**
 * A payload that could not be decoded into a Vigil message. Untrusted input never escapes the codec
 * as anything else: every failure names the offending field (as a path such as {@code
 * snippet.ax[3]}, or {@code $} for the payload as a whole), the kind of problem, and why.
 */
public final class InvalidMessageException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What kind of problem was found; stable, so it can go into a dead-letter header. */
  public enum Problem {
    /** Not well-formed JSON, or not a JSON object at the top. */
    MALFORMED,
    /** A required field is absent or null. */
    MISSING,
    /** A field has the wrong JSON type. */
    WRONG_TYPE,
    /** A number is outside its allowed range, or not finite. */
    OUT_OF_RANGE,
    /** A string does not have the required format, or an enum value is unknown. */
    BAD_FORMAT,
    /** The payload, a string or a list is larger than allowed, or nested too deeply. */
    TOO_LARGE,
    /** The {@code schema} version is not one this codec reads. */
    UNSUPPORTED_SCHEMA
  }

  private final String field;
  private final Problem problem;
  private final String reason;

  public InvalidMessageException(String field, Problem problem, String reason) {
    super(field + ": " + reason + " (" + problem + ")");
    this.field = field;
    this.problem = problem;
    this.reason = reason;
  }

  /** Path of the offending field, {@code $} for the whole payload. */
  public String field() {
    return field;
  }

  public Problem problem() {
    return problem;
  }

  /** Human-readable explanation, without the field path. */
  public String reason() {
    return reason;
  }
}
