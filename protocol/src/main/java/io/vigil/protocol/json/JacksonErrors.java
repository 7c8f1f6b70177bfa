package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Turns Jackson's mapping errors into the short, human messages Vigil prints for bad files: the
 * dotted path of the offending field and the first line of Jackson's explanation without its
 * configuration hints. Used by every reader of user-supplied YAML or JSON files.
 */
public final class JacksonErrors {

  private JacksonErrors() {}

  /** The field path of the error, e.g. {@code vehicles[2].count}, or "(top level)". */
  public static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.length() == 0 ? "(top level)" : b.toString();
  }

  /** The first line of {@code message}, without Jackson's "(set ... to allow)" hints. */
  public static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    int hint = line.indexOf(" (set DeserializationConfig");
    return hint < 0 ? line : line.substring(0, hint);
  }
}
