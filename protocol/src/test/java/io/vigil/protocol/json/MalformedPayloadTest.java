package io.vigil.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.protocol.SampleMessages;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MalformedPayloadTest {

  private final ProtocolCodec codec = new ProtocolCodec(SampleMessages.CLOCK);

  static List<MalformedPayloads.Case> cases() {
    return MalformedPayloads.all();
  }

  @Test
  void thereAreAtLeastThirtyDistinctCases() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(30);
    assertThat(cases().stream().map(MalformedPayloads.Case::name).distinct())
        .hasSize(cases().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachIsRejectedWithTheTypedErrorNamingTheField(MalformedPayloads.Case c) {
    InvalidMessageException error =
        catchThrowableOfType(
            InvalidMessageException.class, () -> codec.decode(c.payload(), c.type()));

    assertThat(error).as("decoding %s must fail", c.name()).isNotNull();
    assertThat(error.field()).isEqualTo(c.field());
    assertThat(error.problem()).isEqualTo(c.problem());
    assertThat(error.getMessage()).startsWith(c.field() + ": ").hasSizeLessThan(400);
  }
}
