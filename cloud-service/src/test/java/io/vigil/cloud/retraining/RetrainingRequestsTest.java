package io.vigil.cloud.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** What the API checks before asking for a retraining job, and the job's own transitions. */
class RetrainingRequestsTest {

  private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");
  private static final Predicate<String> REGISTERED = Set.of("1.0.0", "1.1.0")::contains;

  private static RetrainingJob job(String candidate) {
    return RetrainingJob.requested(
        "j-" + candidate, "vigil-driving", "1.0.0", candidate, "acme", "drift", "ada", T);
  }

  @Test
  void oneJobAtATimeFromARegisteredParentToANewerFreeVersion() {
    assertThat(RetrainingRequests.refusal(List.of(), "vigil-driving", "1.1.0", "1.2.0", REGISTERED))
        .isEmpty();
    RetrainingJob waiting = job("1.2.0");
    assertThat(
            RetrainingRequests.refusal(
                List.of(waiting), "vigil-driving", "1.1.0", "1.3.0", REGISTERED))
        .hasValue(
            "retraining job j-1.2.0 (vigil-driving 1.2.0) is requested; one job runs at a time");
    RetrainingJob running = waiting.at("training", 0.3, T.plusSeconds(5));
    assertThat(
            RetrainingRequests.refusal(
                List.of(running), "vigil-driving", "1.1.0", "1.3.0", REGISTERED))
        .get()
        .asString()
        .contains("is running");
    RetrainingJob failed = running.ended(RetrainingState.FAILED, "no samples", null, T);
    assertThat(
            RetrainingRequests.refusal(
                List.of(failed), "vigil-driving", "1.1.0", "1.2.0", REGISTERED))
        .isEmpty();
    assertThat(RetrainingRequests.refusal(List.of(), "vigil-driving", "0.9.0", "1.2.0", REGISTERED))
        .hasValue("vigil-driving 0.9.0 is not in the registry");
    assertThat(RetrainingRequests.refusal(List.of(), "vigil-driving", "1.0.0", "1.1.0", REGISTERED))
        .hasValue("vigil-driving 1.1.0 is registered already; choose another version");
    assertThat(RetrainingRequests.refusal(List.of(), "vigil-driving", "1.1.0", "1.0.5", REGISTERED))
        .hasValue("the candidate version must be newer than its parent 1.1.0");
    assertThat(RetrainingRequests.refusal(List.of(), "vigil-driving", "1.1.0", "next", REGISTERED))
        .get()
        .asString()
        .startsWith("the candidate version must be MAJOR.MINOR.PATCH");
  }

  @Test
  void theDefaultCandidateIsTheNextFreeMinorVersion() {
    assertThat(RetrainingRequests.nextVersion("1.0.0", REGISTERED)).isEqualTo("1.2.0");
    assertThat(RetrainingRequests.nextVersion("1.1.0", REGISTERED)).isEqualTo("1.2.0");
    assertThat(RetrainingRequests.nextVersion("2.3.7", REGISTERED)).isEqualTo("2.4.0");
    assertThat(RetrainingRequests.newest(List.of("1.10.0", "1.9.3", "0.0.1-test")))
        .hasValue("1.10.0");
  }

  @Test
  void aJobKeepsItsLastLinesAndOnlyMovesForward() {
    RetrainingJob j = job("1.2.0").at("exporting", 0.01, T);
    for (int i = 0; i < 40; i++) {
      j = j.logging("line " + i);
    }
    assertThat(j.log()).hasSize(RetrainingJob.LOG_LINES).startsWith("line 10").endsWith("line 39");
    j = j.at("training", 0.5, T.plusSeconds(9)).at("back", 0.2, T.plusSeconds(10));
    assertThat(j.progress()).isEqualTo(0.5);
    assertThat(j.startedAt()).isEqualTo(T);
    RetrainingJob done = j.ended(RetrainingState.PUBLISHED, "ok", null, T.plusSeconds(60));
    assertThat(done.progress()).isEqualTo(1.0);
    assertThat(done.state().live()).isFalse();
    assertThat(done.finishedAt()).isEqualTo(T.plusSeconds(60));
  }
}
