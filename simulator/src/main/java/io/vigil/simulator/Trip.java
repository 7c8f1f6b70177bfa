package io.vigil.simulator;

import io.vigil.simulator.drive.Label;
import java.util.List;

/**
 * What a simulated trip produced besides its samples.
 *
 * @param settings what the trip was made from
 * @param labels ground truth, in time order
 * @param imuSamples IMU samples delivered (lost samples excluded)
 * @param distanceM distance driven, metres
 */
public record Trip(TripSettings settings, List<Label> labels, long imuSamples, double distanceM) {}
