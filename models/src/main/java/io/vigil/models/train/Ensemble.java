package io.vigil.models.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Several classifiers trained alike from different seeds, merged into one network whose logits are
 * the mean of theirs. Side by side, each hidden layer holds every member's units and connects only
 * a member's units to its own (block-diagonal weights; the first layer shares the input), so the
 * merged model exports, quantises and runs as one MLP. One training run's false alarms depend on
 * its seed several-fold; the mean of a few members depends on it far less.
 */
public final class Ensemble {

  private Ensemble() {}

  /** The merged layers of {@code members}, each a list of layers of the same shapes. */
  public static List<DenseLayer> merge(List<List<DenseLayer>> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one member");
    }
    if (members.size() == 1) {
      return members.get(0);
    }
    int m = members.size();
    int depth = members.get(0).size();
    for (List<DenseLayer> member : members) {
      if (member.size() != depth) {
        throw new IllegalArgumentException("ensemble members differ in depth");
      }
      for (int l = 0; l < depth; l++) {
        DenseLayer a = members.get(0).get(l);
        DenseLayer b = member.get(l);
        if (a.in() != b.in() || a.out() != b.out()) {
          throw new IllegalArgumentException("ensemble members differ in layer " + l + "'s shape");
        }
      }
    }
    List<DenseLayer> merged = new ArrayList<>(depth);
    for (int l = 0; l < depth; l++) {
      DenseLayer shape = members.get(0).get(l);
      boolean first = l == 0;
      boolean last = l == depth - 1;
      int in = first ? shape.in() : shape.in() * m;
      int out = last ? shape.out() : shape.out() * m;
      float[] weight = new float[in * out];
      float[] bias = new float[out];
      for (int k = 0; k < m; k++) {
        DenseLayer layer = members.get(k).get(l);
        int rowOffset = last ? 0 : k * shape.out();
        int colOffset = first ? 0 : k * shape.in();
        float share = last ? 1f / m : 1f; // the last layer averages the members' logits
        for (int r = 0; r < shape.out(); r++) {
          for (int c = 0; c < shape.in(); c++) {
            weight[(rowOffset + r) * in + colOffset + c] +=
                share * layer.weight()[r * shape.in() + c];
          }
          bias[rowOffset + r] += share * layer.bias()[r];
        }
      }
      merged.add(new DenseLayer(in, out, weight, bias));
    }
    return List.copyOf(merged);
  }
}
