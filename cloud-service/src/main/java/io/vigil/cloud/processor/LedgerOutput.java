package io.vigil.cloud.processor;

import io.vigil.cloud.score.TallyDelta;
import io.vigil.protocol.TrainingSample;

/**
 * What the {@link EventLedger} emits: a tally change (keyed by {@link TallyKey}) or a training
 * sample (keyed by vehicle id); exactly one is set.
 */
record LedgerOutput(TallyDelta delta, TrainingSample sample) {}
