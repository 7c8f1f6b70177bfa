package io.vigil.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * How the trainer role runs retraining jobs ({@code vigil.retraining.*}).
 *
 * @param command the {@code vigil-models} command, split at spaces (default {@code java
 *     -Dai.djl.offline=true -jar models/target/vigil-models.jar}); {@code retrain ...} is appended
 * @param workDir where jobs are built, each in its own directory deleted when it ends (default
 *     .vigil/retraining)
 * @param repository where the scenario files a parent's report names are found (default .)
 * @param signingKey Ed25519 private key (PEM) candidates are signed with; its public half must be
 *     {@code vigil.models.publisher-key} (default .vigil/keys/model-signing.pem)
 * @param holdout share of the reviewed vehicles held out to judge both models (default 0.3)
 * @param threads training threads (default 2)
 * @param benchSeconds seconds of the latency benchmark in a job's report (default 0, skipped)
 */
@ConfigurationProperties("vigil.retraining")
public record RetrainingSettings(
    @Bindable(defaultValue = "java -Dai.djl.offline=true -jar models/target/vigil-models.jar")
        String command,
    @Bindable(defaultValue = ".vigil/retraining") Path workDir,
    @Bindable(defaultValue = ".") Path repository,
    @Bindable(defaultValue = ".vigil/keys/model-signing.pem") Path signingKey,
    @Bindable(defaultValue = "0.3") double holdout,
    @Bindable(defaultValue = "2") int threads,
    @Bindable(defaultValue = "0") int benchSeconds) {

  /** The command's words. */
  public List<String> commandWords() {
    return Arrays.stream(command.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }
}
