package io.vigil.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.input.SimulatorInput;
import io.vigil.agent.testing.AgentTestKit;
import io.vigil.protocol.SafetyEvent;
import io.vigil.simulator.scenario.FleetPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped model through the agent's pipeline on simulated drives it never saw. */
class ReplayTest {

  @Test
  void reproducesTheLabelledEventsOfSimulatedDrivesWithAnUnknownMounting() throws Exception {
    int labelled = 0;
    int truePositives = 0;
    int falseAlarms = 0;
    try (DetectionModel model = AgentTestKit.shippedModel()) {
      for (FleetPlan.Vehicle v : AgentTestKit.testPlan()) {
        SimulatorInput input = new SimulatorInput(v);
        List<SafetyEvent> events = Replay.run(input, model);
        ReplaySummary s = ReplaySummary.of(events, Replay.START, input.labels());
        assertThat(s.macroF1()).as(v.vehicleId()).isGreaterThanOrEqualTo(0.85);
        for (String kind : ReplaySummary.HARSH_KINDS) {
          labelled += s.kinds().get(kind).labelled();
          truePositives += s.kinds().get(kind).truePositives();
        }
        falseAlarms += s.falseAlarms();
        assertThat(Replay.run(new SimulatorInput(v), model))
            .as("a rerun gives the same events")
            .isEqualTo(events);
        for (SafetyEvent e : events) {
          assertThat(e.snippet().length()).isGreaterThan(100);
          assertThat(e.modelVersion()).isEqualTo(model.version());
        }
      }
    }
    assertThat(labelled).isGreaterThan(20);
    assertThat((double) truePositives / labelled).isGreaterThanOrEqualTo(0.9);
    assertThat(falseAlarms).isLessThanOrEqualTo(1);
  }
}
