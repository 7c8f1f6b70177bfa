package io.vigil.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioFileTest {

  static Stream<Path> seeds() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "seeds"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyShippedScenarioParsesAndExpands(Path file) throws IOException {
    Scenario scenario = ScenarioFile.read(file);
    List<FleetPlan.Vehicle> vehicles = FleetPlan.of(scenario);

    assertThat(vehicles).hasSize(scenario.vehicleCount());
    assertThat(vehicles.stream().map(v -> v.fleetId() + "/" + v.vehicleId()).distinct())
        .as("vehicle ids are unique")
        .hasSize(vehicles.size());
  }

  @Test
  void theRequiredScenariosShip() throws IOException {
    assertThat(seeds().map(p -> p.getFileName().toString()))
        .contains("demo-fleet.yaml", "training.yaml", "stress.yaml");
    assertThat(ScenarioFile.read(Path.of("..", "seeds", "stress.yaml")).vehicleCount())
        .isGreaterThanOrEqualTo(1000);
  }

  @Test
  void driversAreSharedRoundRobinWithinAGroup() throws IOException {
    List<FleetPlan.Vehicle> demo =
        FleetPlan.of(ScenarioFile.read(Path.of("..", "seeds", "demo-fleet.yaml")));
    assertThat(
            demo.stream()
                .filter(v -> v.vehicleId().startsWith("truck-"))
                .map(FleetPlan.Vehicle::driverId))
        .containsExactly("trucker-0001", "trucker-0002", "trucker-0003", "trucker-0001");
    assertThat(
            demo.stream()
                .filter(v -> v.vehicleId().startsWith("van-"))
                .map(FleetPlan.Vehicle::driverId))
        .containsExactly(
            "driver-van-0001", "driver-van-0002", "driver-van-0003", "driver-van-0004");
  }

  @Test
  void aVehicleKeepsItsTripWhenTheRestOfTheFileIsUnchanged() throws IOException {
    Scenario demo = ScenarioFile.read(Path.of("..", "seeds", "demo-fleet.yaml"));
    assertThat(FleetPlan.of(demo)).isEqualTo(FleetPlan.of(demo));
  }

  @Test
  void typosMissingKeysAndBadValuesNameTheKey(@TempDir Path dir) throws IOException {
    String vehicle = "vehicles:\n  - { fleet: f, idPrefix: v, count: 1, persona: calm }\n";
    assertError(
        dir, "name: x\nseed: 1\ntripMinutes: 5\nsensor: {}\n" + vehicle, "unknown key 'sensor'");
    assertError(dir, "name: x\nseed: 1\n" + vehicle, "tripMinutes: missing required key");
    assertError(
        dir,
        "name: x\nseed: 1\ntripMinutes: 5\nvehicles:\n  - { fleet: f, idPrefix: v, count: 1, persona: wild }\n",
        "vehicles[0]: unknown persona 'wild'");
    assertError(
        dir,
        "name: x\nseed: 1\ntripMinutes: 5\nvehicles:\n  - { fleet: f, idPrefix: v, count: 1, persona: calm, vehicleClass: boat }\n",
        "unknown vehicle class 'boat'");
    assertError(
        dir,
        "name: x\nseed: 1\ntripMinutes: 5\nvehicles:\n  - { fleet: 'a/b', idPrefix: v, count: 1, persona: calm }\n",
        "fleet must match");
    assertError(
        dir,
        "name: x\nseed: 1\ntripMinutes: 5\nratesPerHour: { drifting: 1 }\n" + vehicle,
        "unknown label 'drifting'");
    assertError(dir, "name: x\nseed: one\ntripMinutes: 5\n" + vehicle, "seed");
    assertError(dir, "name: x\n- item\n", "not valid YAML");
  }

  private static void assertError(Path dir, String yaml, String expected) throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, yaml);
    assertThatThrownBy(() -> ScenarioFile.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(expected);
  }
}
