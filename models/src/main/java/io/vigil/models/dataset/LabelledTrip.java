package io.vigil.models.dataset;

import io.vigil.simulator.drive.Label;
import java.util.List;

/**
 * One trip's model input windows with its ground truth.
 *
 * @param id vehicle (or recording) id; splits are made on it
 * @param source where the trip came from: "simulated", "recording" or "reviewed"
 * @param condition what the agent knew (heading, GPS)
 * @param labels the trip's labels, seconds since its start
 * @param windows the windows, ending at nanoseconds since the start
 * @param durationS length of the trip, seconds
 */
public record LabelledTrip(
    String id,
    String source,
    Condition condition,
    List<Label> labels,
    RawWindows windows,
    double durationS) {}
