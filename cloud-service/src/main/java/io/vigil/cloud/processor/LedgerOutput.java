package io.vigil.cloud.processor;

import io.vigil.cloud.score.TallyDelta;

/**
 * What the {@link EventLedger} emits: a tally change (keyed by {@link TallyKey}) or a training
 * sample's JSON (keyed by vehicle id); exactly one is set.
 */
record LedgerOutput(TallyDelta delta, byte[] sample) {}
