package io.vigil.cloud.processor;

/**
 * The distance a trip had reached at its last telemetry report, so that the next report adds only
 * the difference (reports are cumulative per trip and may repeat).
 *
 * @param distanceM trip distance so far, metres
 * @param seenAtMs stream time of the report, epoch ms
 */
record TripProgress(double distanceM, long seenAtMs) {}
