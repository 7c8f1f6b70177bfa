package io.vigil.models.bench;

import io.vigil.inference.input.InputSpec;
import io.vigil.inference.onnx.OnnxWindowModel;
import io.vigil.models.onnx.ModelGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Single-window inference latency, one thread, as the agent calls it: copy one window in, run ONNX
 * Runtime, read probabilities and anomaly score out. Run by {@code vigil-models bench}.
 */
@State(Scope.Thread)
public class InferenceBenchmark {

  /** Path of the model file to load. */
  @Param("")
  public String modelFile;

  private OnnxWindowModel model;
  private float[] window;
  private float[] probabilities;
  private final float[] anomaly = new float[1];

  @Setup(Level.Trial)
  public void load() throws Exception {
    InputSpec spec = InputSpec.v1();
    model =
        OnnxWindowModel.load(
            Files.readAllBytes(Path.of(modelFile)),
            spec,
            ModelGraph.PROBABILITIES,
            ModelGraph.ANOMALY,
            OnnxWindowModel.Options.defaults());
    window = new float[spec.windowFloats()];
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < window.length; i++) {
      window[i] = (float) (rng.nextDouble() - 0.5);
    }
    probabilities = new float[model.classes()];
  }

  @Benchmark
  public float scoreOneWindow() {
    model.run(window, 1, probabilities, anomaly);
    return probabilities[0] + anomaly[0];
  }

  @TearDown(Level.Trial)
  public void close() {
    model.close();
  }
}
