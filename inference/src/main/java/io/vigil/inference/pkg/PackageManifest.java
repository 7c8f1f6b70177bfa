package io.vigil.inference.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.inference.decision.EventRules;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.ModelChannel;
import io.vigil.inference.input.WindowFeatures;
import java.util.List;
import java.util.Objects;

/**
 * What {@code manifest.json} of a model package says: identity, the model file's hash, the input
 * the model expects, its classes with their decision thresholds, the event rules, and free-form
 * metrics, data fingerprint and training settings for humans and the registry.
 *
 * @param schema manifest format version (1)
 * @param name model name
 * @param version semantic version
 * @param parentVersion version this one was retrained from, or null
 * @param createdAt ISO-8601 instant of the build
 * @param model the model file
 * @param input the input tensor the model expects
 * @param outputs names of the output tensors
 * @param classes the classifier's classes in output order; the first is "normal"
 * @param anomalyThreshold anomaly score from which a window is an unknown anomaly
 * @param eventRules how window scores become events
 * @param metrics headline evaluation figures
 * @param data fingerprint and description of the training data
 * @param training training settings (seed, epochs, architecture)
 * @param golden the self-test file: windows with the outputs this model must give (null in packages
 *     built before self-tests existed)
 */
public record PackageManifest(
    int schema,
    String name,
    String version,
    String parentVersion,
    String createdAt,
    ModelFile model,
    Input input,
    Outputs outputs,
    List<ClassSpec> classes,
    double anomalyThreshold,
    EventRules eventRules,
    JsonNode metrics,
    JsonNode data,
    JsonNode training,
    GoldenFile golden) {

  public PackageManifest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(outputs, "outputs");
    Objects.requireNonNull(eventRules, "eventRules");
    classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
    if (schema != 1) {
      throw new IllegalArgumentException("manifest schema " + schema + " is not supported (1 is)");
    }
    if (classes.size() < 2) {
      throw new IllegalArgumentException("a model needs at least two classes");
    }
  }

  /** Per-class decision thresholds for an {@code EventDecoder}; 0 where a class has none. */
  public float[] thresholds() {
    float[] t = new float[classes.size()];
    for (int i = 0; i < t.length; i++) {
      Double threshold = classes.get(i).threshold();
      t[i] = threshold == null ? 0 : threshold.floatValue();
    }
    return t;
  }

  /**
   * The golden self-test file of a package.
   *
   * @param file file name inside the package directory
   * @param sha256 lower-case hex SHA-256 of the file
   * @param tolerance largest allowed absolute difference of a class probability
   */
  public record GoldenFile(String file, String sha256, double tolerance) {
    public GoldenFile {
      Objects.requireNonNull(file, "golden.file");
      Objects.requireNonNull(sha256, "golden.sha256");
      if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
        throw new IllegalArgumentException("golden.file must be a plain file name, was " + file);
      }
    }
  }

  /**
   * The model file of a package.
   *
   * @param file file name inside the package directory
   * @param sha256 lower-case hex SHA-256 of the file
   * @param sizeBytes file size, bytes
   * @param precision "int8-qdq" or "fp32"
   * @param opset ONNX opset the graph uses
   */
  public record ModelFile(String file, String sha256, long sizeBytes, String precision, int opset) {
    public ModelFile {
      Objects.requireNonNull(file, "model.file");
      Objects.requireNonNull(sha256, "model.sha256");
      if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
        throw new IllegalArgumentException("model.file must be a plain file name, was " + file);
      }
    }
  }

  /**
   * The input tensor, as {@link InputSpec} plus documentation for humans.
   *
   * @param tensor input tensor name
   * @param rateHz frames per second, Hz
   * @param windowSamples frames per window
   * @param hopSamples frames between window starts
   * @param layout what the tensor holds: "NCT", the windows ({@code [N, C, T]}), or {@value
   *     WindowFeatures#LAYOUT}, their {@link WindowFeatures} ({@code [N, F]}); the agent assembles
   *     NCT windows either way
   * @param frame the axes the IMU channels are expressed in
   * @param channels channels in tensor order
   * @param maxMissingFraction windows with more missing frames are skipped
   * @param speedMaxAgeS GPS speed older than this counts as unknown, seconds
   */
  public record Input(
      String tensor,
      double rateHz,
      int windowSamples,
      int hopSamples,
      String layout,
      String frame,
      List<Channel> channels,
      double maxMissingFraction,
      double speedMaxAgeS) {

    /** A graph that takes the windows as tensor {@code spec.tensorName()}. */
    public static Input of(InputSpec spec) {
      return of(spec, spec.tensorName(), "NCT");
    }

    /**
     * A graph that takes tensor {@code tensor} in {@code layout} for windows as {@code spec} says.
     */
    public static Input of(InputSpec spec, String tensor, String layout) {
      return new Input(
          tensor,
          spec.rateHz(),
          spec.windowSamples(),
          spec.hopSamples(),
          layout,
          "vehicle, estimated by the agent's calibration (ISO 8855: x forward, y left, z up)",
          spec.channels().stream().map(c -> new Channel(c.wireName(), c.unit())).toList(),
          spec.maxMissingFraction(),
          spec.speedMaxAgeS());
    }

    /** The spec an agent builds windows from; fails on channels this build cannot provide. */
    public InputSpec toSpec() {
      if (!"NCT".equals(layout) && !WindowFeatures.LAYOUT.equals(layout)) {
        throw new IllegalArgumentException(
            "input layout "
                + layout
                + " is not supported (NCT and "
                + WindowFeatures.LAYOUT
                + " are)");
      }
      return new InputSpec(
          tensor,
          rateHz,
          windowSamples,
          hopSamples,
          channels.stream().map(c -> ModelChannel.named(c.name())).toList(),
          maxMissingFraction,
          speedMaxAgeS);
    }
  }

  /**
   * One input channel.
   *
   * @param name channel name ({@link ModelChannel#wireName()})
   * @param unit unit of its values
   */
  public record Channel(String name, String unit) {}

  /**
   * Output tensor names.
   *
   * @param probabilities class probabilities {@code [N, classes]}
   * @param anomaly anomaly score {@code [N, 1]}; 1.0 is the 99th percentile of training windows
   */
  public record Outputs(String probabilities, String anomaly) {}

  /**
   * One class of the classifier.
   *
   * @param name class name, e.g. "harsh_cornering_left"
   * @param eventType the protocol event type it reports, or null for "normal"
   * @param direction LEFT/RIGHT where it applies, or null
   * @param threshold probability from which a window counts as this class, or null for "normal"
   */
  public record ClassSpec(String name, String eventType, String direction, Double threshold) {}
}
