package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.Command;

/** Wire form of {@link Command}; see {@code command.schema.json}. */
final class CommandFormat implements WireFormat<Command> {

  @Override
  public void write(Command c, ObjectNode out) {
    out.put("commandId", c.commandId().toString());
    out.put("issuedAtMs", c.issuedAt().toEpochMilli());
    out.put("type", c.type().wireName());
    if (!c.args().isEmpty()) {
      ObjectNode args = out.putObject("args");
      c.args().entrySet().stream()
          .sorted(java.util.Map.Entry.comparingByKey())
          .forEach(e -> args.put(e.getKey(), e.getValue()));
    }
  }

  @Override
  public Command read(FieldReader in) throws InvalidMessageException {
    return new Command(
        in.uuid("commandId"),
        in.timestamp("issuedAtMs"),
        in.enumValue("type", Command.Type.class),
        in.optionalStrings("args", WireLimits.MAX_COMMAND_ARGS, WireLimits.MAX_ARG_VALUE_LENGTH));
  }
}
