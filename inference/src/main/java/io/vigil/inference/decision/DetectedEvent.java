package io.vigil.inference.decision;

/**
 * An event decoded from consecutive windows.
 *
 * @param classIndex index of the event's class in the manifest
 * @param startNs start of the first window above threshold, nanoseconds
 * @param endNs end of the last window above the hold level, nanoseconds
 * @param peakProbability highest class probability over the event's windows
 * @param windows windows the event spans
 */
public record DetectedEvent(
    int classIndex, long startNs, long endNs, float peakProbability, int windows) {}
