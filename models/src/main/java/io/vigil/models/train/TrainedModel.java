package io.vigil.models.train;

import java.util.List;

/**
 * Everything learned from the training data: feature standardisation, the classifier's layers (ReLU
 * between them, softmax after the last) and the anomaly model's cluster centres in standardised
 * feature space.
 *
 * @param featureMean per-feature mean of the training windows
 * @param featureScale per-feature standard deviation (never 0)
 * @param layers classifier layers, input first
 * @param centroids k-means centres, {@code [k][features]} row-major
 * @param anomalyScale divides the distance to the nearest centre: the training windows' 99th
 *     percentile, so that a score of 1 is the edge of what training looked like
 */
public record TrainedModel(
    float[] featureMean,
    float[] featureScale,
    List<DenseLayer> layers,
    float[] centroids,
    float anomalyScale) {

  public TrainedModel {
    layers = List.copyOf(layers);
  }

  public int features() {
    return featureMean.length;
  }

  public int classes() {
    return layers.get(layers.size() - 1).out();
  }

  public int clusters() {
    return centroids.length / features();
  }
}
