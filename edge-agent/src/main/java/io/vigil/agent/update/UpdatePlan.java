package io.vigil.agent.update;

import io.vigil.protocol.ModelManifest;
import java.util.Optional;

/**
 * What to do about the announced model, as a pure function of the agent's update record, the
 * announcement in force (a vehicle's override wins over its fleet's) and whether the announced
 * package is already verified on disk. The {@link ModelUpdater} carries the steps out.
 */
public final class UpdatePlan {

  /** The next step. */
  public enum Step {
    /** Nothing is announced: keep the active model, stop any shadow. */
    NOTHING_ANNOUNCED,
    /** The announced package was refused or rolled back before: report it, do not retry. */
    BLOCKED,
    /** The package exceeds the agent's size limit. */
    TOO_LARGE,
    /** The announced model is already active (any shadow is stopped). */
    ALREADY_ACTIVE,
    /** The announced model already runs in shadow. */
    ALREADY_SHADOW,
    /** The shadow model is now announced as active: promote it without downloading again. */
    PROMOTE_SHADOW,
    /** Fetch the package from its topic. */
    DOWNLOAD,
    /** The package is verified on disk: load, self-test and swap it in (or start the shadow). */
    ACTIVATE
  }

  private UpdatePlan() {}

  /**
   * @param record the agent's update record
   * @param announced the announcement in force, if any
   * @param onDisk whether the announced package is already verified on disk
   * @param maxPackageBytes the agent's package size limit
   */
  public static Step next(
      UpdateRecord record,
      Optional<ModelManifest> announced,
      boolean onDisk,
      long maxPackageBytes) {
    if (announced.isEmpty()) {
      return Step.NOTHING_ANNOUNCED;
    }
    ModelManifest m = announced.get();
    if (record.blocked().containsKey(m.sha256())) {
      return Step.BLOCKED;
    }
    boolean isActive = record.active() != null && m.sha256().equals(record.active().sha256());
    boolean isShadow = record.shadow() != null && m.sha256().equals(record.shadow().sha256());
    if (m.mode() == ModelManifest.Mode.ACTIVE) {
      if (isActive) {
        return Step.ALREADY_ACTIVE;
      }
      if (isShadow) {
        return Step.PROMOTE_SHADOW;
      }
    } else if (isShadow) {
      return Step.ALREADY_SHADOW;
    } else if (isActive) {
      // A shadow of what already runs would only compare the model with itself.
      return Step.ALREADY_ACTIVE;
    }
    if (m.sizeBytes() > maxPackageBytes) {
      return Step.TOO_LARGE;
    }
    return onDisk ? Step.ACTIVATE : Step.DOWNLOAD;
  }
}
