package io.vigil.protocol;

import java.util.Locale;

/**
 * An enum that travels on the wire as its lower-case name ({@code HARSH_BRAKING} as {@code
 * harsh_braking}).
 */
public interface WireEnum {

  /** The constant's Java name, implemented by every enum. */
  String name();

  /** The value as written in JSON. */
  default String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
