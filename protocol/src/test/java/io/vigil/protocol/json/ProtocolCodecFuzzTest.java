package io.vigil.protocol.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vigil.protocol.SampleMessages;

/**
 * Untrusted bytes of any shape never make the decoder fail with anything but {@link
 * InvalidMessageException}. In the default build Jazzer runs the seed inputs and then fuzzes for
 * the bounded time below (JAZZER_FUZZ=1 is set by the module's surefire configuration).
 */
class ProtocolCodecFuzzTest {

  private static final ProtocolCodec CODEC = new ProtocolCodec(SampleMessages.CLOCK);
  private static final MessageType[] TYPES = MessageType.values();

  @FuzzTest(maxDuration = "20s")
  void decoderOnlyEverThrowsTheTypedError(byte[] input) {
    if (input.length == 0) {
      return;
    }
    MessageType type = TYPES[Byte.toUnsignedInt(input[0]) % TYPES.length];
    byte[] payload = java.util.Arrays.copyOfRange(input, 1, input.length);
    try {
      CODEC.decode(payload, type);
    } catch (InvalidMessageException expected) {
      if (expected.field() == null || expected.field().isEmpty()) {
        throw new AssertionError("typed error without a field", expected);
      }
    }
  }
}
