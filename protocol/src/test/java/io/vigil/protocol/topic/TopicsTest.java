package io.vigil.protocol.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

  private final DeviceAddress truck = new DeviceAddress("acme", "truck-0042");

  @Test
  void buildsTheDocumentedTopicNames() {
    assertThat(Topics.events(truck)).isEqualTo("vigil/v1/acme/truck-0042/events");
    assertThat(Topics.telemetry(truck)).isEqualTo("vigil/v1/acme/truck-0042/telemetry");
    assertThat(Topics.status(truck)).isEqualTo("vigil/v1/acme/truck-0042/status");
    assertThat(Topics.command(truck)).isEqualTo("vigil/v1/acme/truck-0042/cmd");
    assertThat(Topics.vehicleModel(truck)).isEqualTo("vigil/v1/acme/truck-0042/model");
    assertThat(Topics.fleetModel("acme")).isEqualTo("vigil/v1/acme/model");
    assertThat(Topics.fleetVehicles("acme", Channel.CMD)).isEqualTo("vigil/v1/acme/+/cmd");
    assertThat(Topics.shared("ingest", Channel.EVENTS))
        .isEqualTo("$share/ingest/vigil/v1/+/+/events");
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void parsesWhatItBuilds(Channel channel) {
    Optional<ParsedTopic> parsed = Topics.parse(Topics.of(truck, channel));

    assertThat(parsed).contains(new ParsedTopic("acme", Optional.of("truck-0042"), channel));
    assertThat(parsed.get().device()).contains(truck);
  }

  @Test
  void packageTopicsAreContentAddressedAndNeverVehicleTopics() {
    String sha = "0123456789abcdef".repeat(4);

    assertThat(Topics.modelPackage("acme", sha)).isEqualTo("vigil/v1/acme/model/package/" + sha);
    assertThat(Topics.modelPackages("acme")).isEqualTo("vigil/v1/acme/model/package/+");
    // An uplink consumer that parses topics never mistakes a package for a vehicle's message.
    assertThat(Topics.parse(Topics.modelPackage("acme", sha))).isEmpty();
    assertThatThrownBy(() -> Topics.modelPackage("acme", "ABC"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Topics.modelPackage("ac+me", sha))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesTheFleetModelTopic() {
    assertThat(Topics.parse("vigil/v1/acme/model"))
        .contains(new ParsedTopic("acme", Optional.empty(), Channel.MODEL));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "vigil/v1",
        "vigil/v2/acme/truck/events",
        "vigil/v1/acme/truck/unknown",
        "vigil/v1/acme/events",
        "vigil/v1/acme/truck/events/extra",
        "vigil/v1/+/truck/events",
        "vigil/v1/acme/#/events",
        "vigil/v1/acme//events",
        "vigil/v1/ac.me/truck/events",
        "/vigil/v1/acme/truck/events"
      })
  void rejectsWhatIsNotAVigilTopic(String topic) {
    assertThat(Topics.parse(topic)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a+b", "#", "a/b", "a.b", "", " ", "ü", "x\u0000"})
  void idsCannotInjectWildcardsOrLevels(String bad) {
    assertThatThrownBy(() -> new DeviceAddress(bad, "v1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fleetId");
    assertThatThrownBy(() -> new DeviceAddress("f1", bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vehicleId");
    assertThatThrownBy(() -> Topics.fleetModel(bad)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idLengthIsCapped() {
    assertThat(SafeId.isValid("x".repeat(64))).isTrue();
    assertThat(SafeId.isValid("x".repeat(65))).isFalse();
  }

  @Test
  void clientIdRoundTripsAndIsUnambiguous() {
    assertThat(truck.clientId()).isEqualTo("acme.truck-0042");
    assertThat(DeviceAddress.fromClientId("acme.truck-0042")).contains(truck);
    assertThat(DeviceAddress.fromClientId("acme.truck.0042")).isEmpty();
    assertThat(DeviceAddress.fromClientId("acme")).isEmpty();
    assertThat(DeviceAddress.fromClientId("acme.tr#uck")).isEmpty();
    assertThat(DeviceAddress.fromClientId(null)).isEmpty();
  }
}
