package io.vigil.models.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains the window classifier, a small MLP on standardised features, with DJL on the PyTorch
 * engine (CPU, offline). Class imbalance is handled with per-class loss weights; the seed fixes
 * initialisation and batch order. Prints one progress bar line per epoch with the validation
 * accuracy.
 */
public final class ClassifierTrainer {

  /**
   * Training settings.
   *
   * @param seed random seed (initialisation and shuffling)
   * @param epochs passes over the training rows
   * @param batchSize rows per step
   * @param learningRate Adam learning rate
   * @param hidden units of each hidden layer
   */
  public record Settings(long seed, int epochs, int batchSize, float learningRate, int[] hidden) {}

  /**
   * Rows to train on.
   *
   * @param z standardised features, row-major
   * @param labels class per row
   * @param rows number of rows
   */
  public record Rows(float[] z, int[] labels, int rows) {}

  private ClassifierTrainer() {}

  public static List<DenseLayer> train(
      Rows train, Rows validation, int features, int classes, Settings s, PrintStream progress) {
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed((int) s.seed());
    float[] classWeight = classWeights(train, classes);
    SequentialBlock block = new SequentialBlock();
    for (int h : s.hidden()) {
      block.add(Linear.builder().setUnits(h).build()).add(Activation::relu);
    }
    block.add(Linear.builder().setUnits(classes).build());
    try (Model model = Model.newInstance("vigil-classifier", Device.cpu(), "PyTorch")) {
      model.setBlock(block);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.l2Loss()) // the loss is computed below, weighted
              .optOptimizer(
                  Optimizer.adam().optLearningRateTracker(Tracker.fixed(s.learningRate())).build())
              .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(s.batchSize(), features));
        NDManager root = trainer.getManager();
        NDArray weights = root.create(classWeight);
        int[] order = new int[train.rows()];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(s.seed());
        float[] bx = new float[s.batchSize() * features];
        // Redraw the bar during an epoch only on a terminal; logs get one line per epoch.
        boolean interactive = System.console() != null;
        int[] by = new int[s.batchSize()];
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
          shuffle(order, rng);
          long started = System.nanoTime();
          double lossSum = 0;
          int steps = 0;
          for (int from = 0; from + s.batchSize() <= order.length; from += s.batchSize()) {
            for (int b = 0; b < s.batchSize(); b++) {
              int row = order[from + b];
              System.arraycopy(train.z(), row * features, bx, b * features, features);
              by[b] = train.labels()[row];
            }
            try (NDManager m = root.newSubManager()) {
              NDArray x = m.create(bx, new Shape(s.batchSize(), features));
              NDArray y = m.create(by);
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray loss = weightedCrossEntropy(logits, y, weights, classes);
                gc.backward(loss);
                lossSum += loss.getFloat();
              }
              trainer.step();
            }
            steps++;
            if (interactive && steps % 50 == 0) {
              bar(progress, epoch, s.epochs(), (double) from / order.length, lossSum / steps, -1);
            }
          }
          double accuracy = accuracy(trainer, validation, features, classes);
          bar(progress, epoch, s.epochs(), 1.0, lossSum / Math.max(1, steps), accuracy);
          progress.printf("  %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
        return layers(block, features);
      }
    }
  }

  private static NDArray weightedCrossEntropy(
      NDArray logits, NDArray y, NDArray classWeights, int classes) {
    NDArray logp = logits.logSoftmax(1);
    NDArray oneHot = y.oneHot(classes);
    NDArray w = classWeights.get(y.toType(ai.djl.ndarray.types.DataType.INT64, false));
    NDArray picked = logp.mul(oneHot).sum(new int[] {1});
    return picked.mul(w).sum().neg().div(w.sum());
  }

  private static double accuracy(Trainer trainer, Rows v, int features, int classes) {
    if (v.rows() == 0) {
      return Double.NaN;
    }
    int correct = 0;
    int batch = 4096;
    for (int from = 0; from < v.rows(); from += batch) {
      int n = Math.min(batch, v.rows() - from);
      float[] chunk = new float[n * features];
      System.arraycopy(v.z(), from * features, chunk, 0, n * features);
      try (NDManager m = trainer.getManager().newSubManager()) {
        NDArray out =
            trainer
                .evaluate(new NDList(m.create(chunk, new Shape(n, features))))
                .singletonOrThrow()
                .argMax(1);
        long[] predicted = out.toLongArray();
        for (int i = 0; i < n; i++) {
          if (predicted[i] == v.labels()[from + i]) {
            correct++;
          }
        }
      }
    }
    return (double) correct / v.rows();
  }

  private static List<DenseLayer> layers(SequentialBlock block, int features) {
    List<DenseLayer> layers = new ArrayList<>();
    float[] weight = null;
    int in = features;
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray a = p.getValue().getArray();
      if (p.getKey().endsWith("weight")) {
        weight = a.toFloatArray();
      } else if (p.getKey().endsWith("bias")) {
        float[] bias = a.toFloatArray();
        layers.add(new DenseLayer(in, bias.length, weight, bias));
        in = bias.length;
      }
    }
    return layers;
  }

  /** Loss weights: rarer classes count more, up to 5× the normal class. */
  static float[] classWeights(Rows train, int classes) {
    int[] counts = new int[classes];
    for (int i = 0; i < train.rows(); i++) {
      counts[train.labels()[i]]++;
    }
    float[] w = new float[classes];
    for (int c = 0; c < classes; c++) {
      w[c] = counts[c] == 0 ? 1f : (float) Math.min(5, Math.sqrt((double) counts[0] / counts[c]));
      w[c] = Math.max(1f, w[c]);
    }
    return w;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static void bar(
      PrintStream out, int epoch, int epochs, double done, double loss, double accuracy) {
    int width = 30;
    int filled = (int) Math.round(done * width);
    String acc =
        Double.isNaN(accuracy) || accuracy < 0 ? "" : String.format(" val acc %.4f", accuracy);
    out.printf(
        "\r  epoch %2d/%d [%s%s] loss %.4f%s",
        epoch, epochs, "=".repeat(filled), " ".repeat(width - filled), loss, acc);
    out.flush();
  }
}
