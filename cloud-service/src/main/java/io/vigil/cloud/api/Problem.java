package io.vigil.cloud.api;

/**
 * An error as {@code application/problem+json} (RFC 9457): what went wrong, in words.
 *
 * @param type a URI naming the kind of problem ({@code about:blank}: the HTTP status says it)
 * @param title the status' reason phrase
 * @param status the HTTP status
 * @param detail what exactly is wrong
 */
public record Problem(String type, String title, int status, String detail) {

  static Problem of(io.micronaut.http.HttpStatus status, String detail) {
    return new Problem("about:blank", status.getReason(), status.getCode(), detail);
  }
}
