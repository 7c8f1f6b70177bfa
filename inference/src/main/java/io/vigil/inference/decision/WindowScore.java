package io.vigil.inference.decision;

/**
 * What the model said about one window.
 *
 * @param startNs time of the window's first frame, nanoseconds
 * @param endNs time of the window's last frame, nanoseconds
 * @param probabilities class probabilities in the manifest's class order
 * @param anomaly anomaly score (1.0 = 99th percentile of training windows)
 * @param horizontalPeak the window's largest horizontal acceleration, m/s² ({@code
 *     WindowFeatures#horizontalPeak}); NaN where unknown, which {@link EventRules#minPeakG} then
 *     does not judge
 */
public record WindowScore(
    long startNs, long endNs, float[] probabilities, float anomaly, float horizontalPeak) {}
