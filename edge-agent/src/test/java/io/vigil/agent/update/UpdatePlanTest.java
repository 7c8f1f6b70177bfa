package io.vigil.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.update.UpdatePlan.Step;
import io.vigil.agent.update.UpdateRecord.Installed;
import io.vigil.protocol.ModelManifest;
import io.vigil.protocol.ModelManifest.Mode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdatePlanTest {

  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final long LIMIT = 1 << 20;

  private static Optional<ModelManifest> announced(String sha, Mode mode, long size) {
    return Optional.of(
        new ModelManifest("m", "1.1.0", Optional.empty(), sha, size, "sig", Instant.EPOCH, mode));
  }

  private static UpdateRecord running(String activeSha, String shadowSha) {
    return new UpdateRecord(
        activeSha == null ? null : new Installed("1.0.0", activeSha),
        null,
        shadowSha == null ? null : new Installed("1.1.0", shadowSha),
        null,
        null);
  }

  @Test
  void nothingAnnouncedKeepsWhatRuns() {
    assertThat(UpdatePlan.next(running(A, null), Optional.empty(), false, LIMIT))
        .isEqualTo(Step.NOTHING_ANNOUNCED);
  }

  @Test
  void aNewPackageIsDownloadedOnceAndActivatedFromDiskAfterThat() {
    UpdateRecord r = running(A, null);
    assertThat(UpdatePlan.next(r, announced(B, Mode.ACTIVE, 100), false, LIMIT))
        .isEqualTo(Step.DOWNLOAD);
    assertThat(UpdatePlan.next(r, announced(B, Mode.ACTIVE, 100), true, LIMIT))
        .isEqualTo(Step.ACTIVATE);
    assertThat(UpdatePlan.next(r, announced(B, Mode.SHADOW, 100), false, LIMIT))
        .isEqualTo(Step.DOWNLOAD);
  }

  @Test
  void whatAlreadyRunsIsNotInstalledAgain() {
    assertThat(UpdatePlan.next(running(A, null), announced(A, Mode.ACTIVE, 100), true, LIMIT))
        .isEqualTo(Step.ALREADY_ACTIVE);
    assertThat(UpdatePlan.next(running(A, B), announced(B, Mode.SHADOW, 100), true, LIMIT))
        .isEqualTo(Step.ALREADY_SHADOW);
    // a shadow of the active model itself would only compare it with itself
    assertThat(UpdatePlan.next(running(A, null), announced(A, Mode.SHADOW, 100), true, LIMIT))
        .isEqualTo(Step.ALREADY_ACTIVE);
  }

  @Test
  void theShadowIsPromotedWhenAnnouncedActive() {
    assertThat(UpdatePlan.next(running(A, B), announced(B, Mode.ACTIVE, 100), true, LIMIT))
        .isEqualTo(Step.PROMOTE_SHADOW);
  }

  @Test
  void refusedOrRolledBackPackagesAreNotRetried() {
    UpdateRecord r = running(A, null).block(B, "refused: bad signature");
    assertThat(UpdatePlan.next(r, announced(B, Mode.ACTIVE, 100), true, LIMIT))
        .isEqualTo(Step.BLOCKED);
  }

  @Test
  void anOversizedPackageIsNotDownloaded() {
    assertThat(
            UpdatePlan.next(running(A, null), announced(B, Mode.ACTIVE, LIMIT + 1), false, LIMIT))
        .isEqualTo(Step.TOO_LARGE);
  }

  @Test
  void theConfiguredPackageHasNoShaAndIsNeverMistakenForAnAnnouncedOne() {
    assertThat(UpdatePlan.next(running(null, null), announced(A, Mode.ACTIVE, 100), false, LIMIT))
        .isEqualTo(Step.DOWNLOAD);
  }
}
