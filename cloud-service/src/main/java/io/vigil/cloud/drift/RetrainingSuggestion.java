package io.vigil.cloud.drift;

/**
 * A suggestion to retrain, opened when a fleet's drift reaches the alert level and closed when its
 * inputs are back within {@link io.vigil.protocol.drift.StabilityIndex#MODERATE} (or a new model is
 * measured).
 *
 * @param openedAtMs device time it was opened, epoch ms
 * @param reason which channel moved how far, for people
 */
public record RetrainingSuggestion(long openedAtMs, String reason) {}
