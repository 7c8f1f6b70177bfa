package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes one message or nested value to a JSON object and reads it back, validating. */
interface WireFormat<T> {

  void write(T value, ObjectNode out);

  T read(FieldReader in) throws InvalidMessageException;
}
