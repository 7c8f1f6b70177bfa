package io.vigil.protocol.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drift reference file: round trip, and refusal of counts made with other bins. */
class DriftReferenceTest {

  private static long[] counts(String channel) {
    long[] c = new long[FeatureBins.of(channel).orElseThrow().size()];
    c[c.length / 2] = 900;
    c[1] = 100;
    return c;
  }

  @Test
  void roundTrips() {
    DriftReference r =
        new DriftReference(
            "vigil-driving",
            "1.0.0",
            "training windows",
            40,
            Map.of("accel_z", counts("accel_z"), "speed", counts("speed")));
    DriftReference back = DriftReference.parse(r.toJson());
    assertThat(back.model()).isEqualTo("vigil-driving");
    assertThat(back.version()).isEqualTo("1.0.0");
    assertThat(back.windows()).isEqualTo(40);
    assertThat(back.counts().get("accel_z")).isEqualTo(counts("accel_z"));
    assertThat(back.counts().get("speed")).isEqualTo(counts("speed"));
  }

  @Test
  void countsOfOtherBinsOrBrokenFilesAreRefusedNamingTheProblem() {
    String json = new DriftReference("m", "1", "s", 1, Map.of("speed", counts("speed"))).toJson();
    assertThatThrownBy(() -> DriftReference.parse(json.replace("\"inner\" : 25", "\"inner\" : 50")))
        .hasMessageContaining("speed was counted with other bins");
    assertThatThrownBy(() -> DriftReference.parse(json.replace("\"speed\"", "\"torque\"")))
        .hasMessageContaining("no protocol bins for torque");
    assertThatThrownBy(() -> DriftReference.parse(json.replace("\"windows\"", "\"w\"")))
        .hasMessageContaining("has no windows");
    assertThatThrownBy(() -> DriftReference.parse("{"))
        .hasMessageContaining("drift-reference.json is not JSON");
    assertThatThrownBy(() -> new DriftReference("m", "1", "s", 1, Map.of("speed", new long[3])))
        .hasMessageContaining("speed has 3 counts, its bins 27");
  }
}
