package io.vigil.models.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything one run of the model pipeline depends on. Same settings and data ⇒ same model (up to
 * floating-point summation order in PyTorch) and same metrics within a small tolerance.
 *
 * @param trainingScenario scenario whose vehicles are simulated for training and validation
 * @param testScenario scenario the model never trains on; all reported metrics come from it
 * @param recordings extra training trips in the recording format
 * @param reviewedSamples training-sample exports of the cloud service (JSON lines, {@code .gz} ok)
 * @param out directory of the model package (report in {@code out/report})
 * @param name model name
 * @param version semantic version of the package
 * @param parentVersion version this one is retrained from
 * @param seed seed of training (initialisation, shuffling, subsampling, k-means)
 * @param epochs training epochs
 * @param hidden units per hidden layer
 * @param members classifiers trained alike from seeds {@code seed}, {@code seed + 1}, … and merged
 *     into one network that averages their logits ({@code Ensemble}); 1 = a single one
 * @param clusters k of the anomaly model's k-means
 * @param threads worker threads for simulation and evaluation
 * @param signingKey Ed25519 private key (PEM); generated on first use
 * @param benchSeconds JMH measurement seconds per iteration; 0 skips the latency benchmark
 * @param shuffleLabels train on randomly permuted labels: a deliberately bad model, for checking
 *     that the retraining gate (and a canary's bounds) stop it; its report says so
 */
public record PipelineSettings(
    Path trainingScenario,
    Path testScenario,
    List<Path> recordings,
    List<Path> reviewedSamples,
    Path out,
    String name,
    String version,
    Optional<String> parentVersion,
    long seed,
    int epochs,
    int[] hidden,
    int members,
    int clusters,
    int threads,
    Path signingKey,
    int benchSeconds,
    boolean shuffleLabels) {

  /** Settings of an honest run (labels as they are). */
  public PipelineSettings(
      Path trainingScenario,
      Path testScenario,
      List<Path> recordings,
      List<Path> reviewedSamples,
      Path out,
      String name,
      String version,
      Optional<String> parentVersion,
      long seed,
      int epochs,
      int[] hidden,
      int members,
      int clusters,
      int threads,
      Path signingKey,
      int benchSeconds) {
    this(
        trainingScenario,
        testScenario,
        recordings,
        reviewedSamples,
        out,
        name,
        version,
        parentVersion,
        seed,
        epochs,
        hidden,
        members,
        clusters,
        threads,
        signingKey,
        benchSeconds,
        false);
  }

  public PipelineSettings {
    recordings = List.copyOf(recordings);
    reviewedSamples = List.copyOf(reviewedSamples);
    if (!version.matches("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?")) {
      throw new IllegalArgumentException("version must be semantic (1.2.3), was " + version);
    }
    if (epochs < 1 || members < 1 || clusters < 1 || threads < 1 || hidden.length == 0) {
      throw new IllegalArgumentException(
          "epochs, members, clusters, threads and layers must be ≥ 1");
    }
  }
}
