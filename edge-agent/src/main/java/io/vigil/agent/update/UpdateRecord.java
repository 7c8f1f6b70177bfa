package io.vigil.agent.update;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scope's model state as kept on disk, so that a restarted agent runs the model it had activated,
 * keeps the previous one for rollback, resumes its shadow, and does not retry a package it refused
 * (or was told to roll back from). Null fields mean none; an {@link Installed} without a SHA-256 is
 * the package the agent was configured with.
 *
 * @param active the model in use, null for the configured package
 * @param previous the model before it, for rollback
 * @param shadow the candidate running in shadow
 * @param update the last update's state, version and detail as reported in status
 * @param blocked package SHA-256 → why it is not installed again (refused or rolled back)
 */
public record UpdateRecord(
    Installed active,
    Installed previous,
    Installed shadow,
    Status update,
    Map<String, String> blocked) {

  public UpdateRecord {
    update = update == null ? new Status("idle", null, null) : update;
    blocked = blocked == null ? Map.of() : Map.copyOf(blocked);
  }

  /** The state of an agent that has never updated. */
  public static UpdateRecord initial() {
    return new UpdateRecord(null, null, null, null, null);
  }

  /**
   * A model the agent can load without the network.
   *
   * @param version its version
   * @param sha256 SHA-256 of its package archive, null for the configured package directory
   */
  public record Installed(String version, String sha256) {}

  /**
   * The update state as reported in status (wire names).
   *
   * @param state idle, downloading, verified, active, shadow or failed
   * @param version the version concerned
   * @param detail what happened, in words
   */
  public record Status(String state, String version, String detail) {}

  UpdateRecord withActive(Installed a, Installed p) {
    return new UpdateRecord(a, p, shadow, update, blocked);
  }

  UpdateRecord withShadow(Installed s) {
    return new UpdateRecord(active, previous, s, update, blocked);
  }

  UpdateRecord withUpdate(Status s) {
    return new UpdateRecord(active, previous, shadow, s, blocked);
  }

  UpdateRecord block(String sha256, String why) {
    Map<String, String> b = new LinkedHashMap<>(blocked);
    b.put(sha256, why);
    return new UpdateRecord(active, previous, shadow, update, b);
  }
}
