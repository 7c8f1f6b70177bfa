package io.vigil.agent.update;

import io.vigil.agent.detect.DetectionModel;
import java.util.Optional;

/**
 * The models a scope's vehicles run: the active one, whose events are published, and an optional
 * shadow candidate that scores the same windows and is only compared. A new generation replaces the
 * set; the runtime picks it up between windows.
 *
 * @param active the model whose events count
 * @param shadow a candidate running beside it
 * @param generation increases with every change
 */
public record ModelSet(DetectionModel active, Optional<DetectionModel> shadow, long generation) {

  boolean uses(DetectionModel m) {
    return active == m || shadow.orElse(null) == m;
  }
}
