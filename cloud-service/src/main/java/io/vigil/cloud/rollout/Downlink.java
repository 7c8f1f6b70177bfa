package io.vigil.cloud.rollout;

import io.vigil.protocol.ModelManifest;
import java.util.Optional;

/**
 * What a rollout step sends to the devices. The MQTT adapter turns each into a retained
 * announcement (with the package bytes before it), an empty retained message that withdraws one, or
 * a command.
 */
public sealed interface Downlink {

  /**
   * Announce {@code version} to one vehicle (a cohort override) or, with no vehicle, to the fleet.
   */
  record Announce(Optional<String> vehicleId, String version, ModelManifest.Mode mode)
      implements Downlink {}

  /** Withdraw one vehicle's override or, with no vehicle, the fleet's announcement. */
  record Withdraw(Optional<String> vehicleId) implements Downlink {}

  /** Tell one vehicle to go back to its previous model (and refuse the one it leaves). */
  record Rollback(String vehicleId, String reason) implements Downlink {}
}
