package io.vigil.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.vigil.protocol.SampleMessages;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped JSON Schemas and the codec agree on valid and invalid payloads. */
class JsonSchemaAgreementTest {

  private static final Map<MessageType, JsonSchema> SCHEMAS = new EnumMap<>(MessageType.class);

  static {
    // Schemas refer to each other by their $id; resolve those from the jar, never the network.
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder ->
                builder.schemaMappers(
                    mappers ->
                        mappers.mapPrefix(
                            "https://vigil.io/schema/v1/",
                            "classpath:io/vigil/protocol/schema/v1/")));
    for (MessageType type : MessageType.values()) {
      try (InputStream in =
          MessageType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
        SCHEMAS.put(type, factory.getSchema(in));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final ProtocolCodec codec = new ProtocolCodec(SampleMessages.CLOCK);

  static Stream<String> fixtures() {
    return SampleMessages.byFixtureName().keySet().stream().sorted();
  }

  static Stream<MalformedPayloads.Case> schemaExpressibleCases() {
    return MalformedPayloads.all().stream().filter(MalformedPayloads.Case::schemaRejects);
  }

  @Test
  void everyMessageTypeShipsASchema() {
    assertThat(SCHEMAS).hasSize(MessageType.values().length).doesNotContainValue(null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void validFixturePassesBoth(String fixture) throws Exception {
    MessageType type = SampleMessages.typeOfFixture(fixture);

    assertThat(SCHEMAS.get(type).validate(Fixtures.tree(fixture))).isEmpty();
    assertThat(codec.decode(Fixtures.bytes(fixture), type)).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaExpressibleCases")
  void invalidPayloadFailsBoth(MalformedPayloads.Case c) throws Exception {
    JsonNode tree = Fixtures.JSON.readTree(c.payload());

    assertThat(SCHEMAS.get(c.type()).validate(tree)).as("schema errors").isNotEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decode(c.payload(), c.type()))
        .isInstanceOf(InvalidMessageException.class);
  }
}
