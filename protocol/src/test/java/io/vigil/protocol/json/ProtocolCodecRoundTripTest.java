package io.vigil.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.protocol.SampleMessages;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.VigilMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProtocolCodecRoundTripTest {

  private final ProtocolCodec codec = new ProtocolCodec(SampleMessages.CLOCK);

  static Stream<Arguments> samples() {
    return SampleMessages.byFixtureName().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyMessageTypeRoundTrips(String name, VigilMessage message) throws Exception {
    byte[] encoded = codec.encode(message);

    assertThat(codec.decode(encoded, message.getClass())).isEqualTo(message);
    assertThat(new String(encoded, java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("{\"schema\":1,");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void goldenFixtureDecodesToTheSampleAndTheSampleEncodesToTheFixture(
      String name, VigilMessage message) throws Exception {
    byte[] golden = Fixtures.bytes(name);

    assertThat(codec.decode(golden, SampleMessages.typeOfFixture(name))).isEqualTo(message);
    assertThat(Fixtures.JSON.readTree(codec.encode(message)))
        .isEqualTo(Fixtures.JSON.readTree(golden));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void unknownFieldsAreIgnored(String name, VigilMessage message) throws Exception {
    byte[] withExtra =
        Fixtures.altered(
            name,
            tree -> {
              tree.put("addedInAFutureVersion", "ignored");
              tree.putObject("nestedExtra").put("x", 1);
            });

    assertThat(codec.decode(withExtra, SampleMessages.typeOfFixture(name))).isEqualTo(message);
  }

  @Test
  void aTrainingSampleSplicedFromTheEventAsReceivedIsTheSampleEncodedWhole() throws Exception {
    for (TrainingSample sample :
        List.of(SampleMessages.relabelledSample(), SampleMessages.unreviewedSample())) {
      String received = new String(codec.encode(sample.event()), StandardCharsets.UTF_8);
      byte[] spliced = codec.encodeTrainingSample(received, sample.review());

      assertThat(codec.decode(spliced, TrainingSample.class)).isEqualTo(sample);
      assertThat(Fixtures.JSON.readTree(spliced))
          .isEqualTo(Fixtures.JSON.readTree(codec.encode(sample)));
    }
  }
}
