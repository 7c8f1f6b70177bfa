package io.vigil.inference.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.WindowFeatures;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.inference.pkg.ModelPackageException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A window model loaded into ONNX Runtime: windows in ({@code [N, C, T]}), class probabilities and
 * anomaly scores out. A graph either takes the windows themselves (layout {@code NCT}, as the first
 * 1.0.0 package did, features built from ONNX operators) or their {@link WindowFeatures} ({@code
 * [N, F]}, layout {@value WindowFeatures#LAYOUT}), which this class computes before it runs the
 * graph; which one is read from the graph's input. One instance serves every vehicle of a JVM;
 * {@link #run} may be called from several threads (each gets its own buffers). ONNX Runtime types
 * stay inside this package.
 */
public final class OnnxWindowModel implements AutoCloseable {

  /**
   * How the session is set up.
   *
   * @param intraOpThreads threads ONNX Runtime may use for one run (1 on edge boards)
   * @param optimizedModelPath where to write the graph after ORT's optimizations, for inspection
   */
  public record Options(int intraOpThreads, Optional<Path> optimizedModelPath) {
    public static Options defaults() {
      return new Options(1, Optional.empty());
    }
  }

  private final OrtEnvironment env;
  private final OrtSession session;
  private final InputSpec spec;
  private final String inputName;
  private final WindowFeatures features;
  private final int inputWidth;
  private final String probabilitiesName;
  private final String anomalyName;
  private final int classes;
  private final ThreadLocal<Buffers> buffers = new ThreadLocal<>();

  private OnnxWindowModel(
      OrtEnvironment env,
      OrtSession session,
      InputSpec spec,
      String inputName,
      WindowFeatures features,
      String probabilitiesName,
      String anomalyName,
      int classes) {
    this.env = env;
    this.session = session;
    this.spec = spec;
    this.inputName = inputName;
    this.features = features;
    this.inputWidth = features != null ? WindowFeatures.count() : spec.windowFloats();
    this.probabilitiesName = probabilitiesName;
    this.anomalyName = anomalyName;
    this.classes = classes;
  }

  /** Loads a verified package. */
  public static OnnxWindowModel load(ModelPackage pkg, Options options)
      throws ModelPackageException {
    OnnxWindowModel model;
    try {
      model =
          load(
              pkg.model(),
              pkg.manifest().input().toSpec(),
              pkg.manifest().outputs().probabilities(),
              pkg.manifest().outputs().anomaly(),
              options);
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.MANIFEST_INVALID, e.getMessage(), e);
    }
    String layout = pkg.manifest().input().layout();
    if (!layout.equals(model.layout())
        || !pkg.manifest().input().tensor().equals(model.inputName)) {
      model.close();
      throw new ModelPackageException(
          ModelPackageException.Problem.MANIFEST_INVALID,
          "the manifest says input '"
              + pkg.manifest().input().tensor()
              + "' in layout "
              + layout
              + ", but the model takes '"
              + model.inputName
              + "' in layout "
              + model.layout());
    }
    return model;
  }

  /** Loads model bytes and checks that their inputs and outputs are what {@code spec} says. */
  public static OnnxWindowModel load(
      byte[] model, InputSpec spec, String probabilitiesName, String anomalyName, Options options)
      throws ModelPackageException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session = null;
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(options.intraOpThreads());
      so.setInterOpNumThreads(1);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (options.optimizedModelPath().isPresent()) {
        so.setOptimizedModelFilePath(options.optimizedModelPath().get().toString());
      }
      session = env.createSession(model, so);
      if (session.getInputNames().size() != 1) {
        throw invalid("has " + session.getInputNames().size() + " inputs, not one");
      }
      String inputName = session.getInputNames().iterator().next();
      long[] inputShape =
          ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
      WindowFeatures features = null;
      if (inputShape.length == 2) {
        if (inputShape[1] != WindowFeatures.count()) {
          throw invalid(
              "takes "
                  + inputShape[1]
                  + " features per window; this build computes "
                  + WindowFeatures.count()
                  + " ("
                  + WindowFeatures.LAYOUT
                  + ")");
        }
        try {
          features = WindowFeatures.of(spec);
        } catch (IllegalArgumentException e) {
          throw invalid("needs features this input spec cannot give: " + e.getMessage());
        }
      } else if (inputShape.length != 3 || !inputName.equals(spec.tensorName())) {
        throw invalid(
            "takes '"
                + inputName
                + "' of rank "
                + inputShape.length
                + "; expected windows '"
                + spec.tensorName()
                + "' [N, C, T] or features [N, F]");
      }
      for (String out : new String[] {probabilitiesName, anomalyName}) {
        if (!session.getOutputNames().contains(out)) {
          throw invalid("has no output tensor '" + out + "'");
        }
      }
      long[] shape =
          ((ai.onnxruntime.TensorInfo) session.getOutputInfo().get(probabilitiesName).getInfo())
              .getShape();
      int classes = (int) shape[shape.length - 1];
      if (classes < 2) {
        throw invalid("output '" + probabilitiesName + "' has no class dimension");
      }
      return new OnnxWindowModel(
          env, session, spec, inputName, features, probabilitiesName, anomalyName, classes);
    } catch (OrtException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.MODEL_INVALID,
          "ONNX Runtime cannot load the model: " + e.getMessage(),
          e);
    } catch (ModelPackageException e) {
      closeQuietly(session);
      throw e;
    }
  }

  private static ModelPackageException invalid(String what) {
    return new ModelPackageException(
        ModelPackageException.Problem.MODEL_INVALID, "the model " + what);
  }

  private static void closeQuietly(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // already failing; the first error is the one to report
      }
    }
  }

  public InputSpec spec() {
    return spec;
  }

  public int classes() {
    return classes;
  }

  /** What the graph takes: {@code NCT} windows or {@value WindowFeatures#LAYOUT}. */
  public String layout() {
    return features != null ? WindowFeatures.LAYOUT : "NCT";
  }

  /**
   * Scores {@code count} windows laid out back to back in {@code windows}. Input and output tensors
   * are pinned to direct buffers kept per thread (for the last batch size used), so a steady stream
   * of same-sized batches allocates nothing in ONNX Runtime.
   *
   * @param probabilities receives {@code count × classes()} probabilities, row by row
   * @param anomaly receives {@code count} anomaly scores
   */
  public void run(float[] windows, int count, float[] probabilities, float[] anomaly) {
    Buffers b = buffers.get();
    if (b == null || b.count != count) {
      if (b != null) {
        b.close();
      }
      b = new Buffers(count);
      buffers.set(b);
    }
    b.input.clear();
    if (features != null) {
      for (int w = 0; w < count; w++) {
        features.compute(windows, w * spec.windowFloats(), b.featureRows, w * inputWidth);
      }
      b.input.put(b.featureRows, 0, count * inputWidth);
    } else {
      b.input.put(windows, 0, count * inputWidth);
    }
    try (OrtSession.Result ignored = session.run(b.inputs, b.outputs)) {
      b.probabilities.get(0, probabilities, 0, count * classes);
      b.anomaly.get(0, anomaly, 0, count);
    } catch (OrtException e) {
      throw new IllegalStateException("inference failed: " + e.getMessage(), e);
    }
  }

  /** One thread's pinned tensors for a batch size. */
  private final class Buffers implements AutoCloseable {
    final int count;
    final float[] featureRows;
    final FloatBuffer input;
    final FloatBuffer probabilities;
    final FloatBuffer anomaly;
    final Map<String, OnnxTensor> inputs;
    final Map<String, OnnxTensor> outputs;

    Buffers(int count) {
      this.count = count;
      this.featureRows = new float[features != null ? count * inputWidth : 0];
      this.input = direct(count * inputWidth);
      this.probabilities = direct(count * classes);
      this.anomaly = direct(count);
      try {
        inputs =
            Map.of(
                inputName,
                OnnxTensor.createTensor(
                    env,
                    input,
                    features != null
                        ? new long[] {count, inputWidth}
                        : new long[] {count, spec.channels().size(), spec.windowSamples()}));
        outputs =
            Map.of(
                probabilitiesName,
                OnnxTensor.createTensor(env, probabilities, new long[] {count, classes}),
                anomalyName,
                OnnxTensor.createTensor(env, anomaly, new long[] {count, 1}));
      } catch (OrtException e) {
        throw new IllegalStateException("cannot allocate tensors: " + e.getMessage(), e);
      }
    }

    private FloatBuffer direct(int floats) {
      return ByteBuffer.allocateDirect(floats * Float.BYTES)
          .order(ByteOrder.nativeOrder())
          .asFloatBuffer();
    }

    @Override
    public void close() {
      inputs.values().forEach(OnnxTensor::close);
      outputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    closeQuietly(session);
  }
}
