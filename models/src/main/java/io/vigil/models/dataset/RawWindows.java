package io.vigil.models.dataset;

import io.vigil.inference.input.InputSpec;
import io.vigil.inference.input.WindowSink;
import java.util.Arrays;

/**
 * A trip's model input windows, back to back, with the time each ends. Collects what a {@link
 * io.vigil.inference.input.WindowAssembler} emits.
 */
public final class RawWindows implements WindowSink {

  private final int floats;
  private float[] data;
  private long[] endNs;
  private int count;

  public RawWindows(InputSpec spec) {
    this.floats = spec.windowFloats();
    this.data = new float[floats * 256];
    this.endNs = new long[256];
  }

  @Override
  public void window(long end, float[] window, int missingFrames) {
    if (data.length == 0) {
      throw new IllegalStateException("windows were released");
    }
    if (count == endNs.length) {
      endNs = Arrays.copyOf(endNs, count * 2);
      data = Arrays.copyOf(data, count * 2 * floats);
    }
    System.arraycopy(window, 0, data, count * floats, floats);
    endNs[count++] = end;
  }

  public int count() {
    return count;
  }

  /** The windows, {@code count() × windowFloats} (the backing array, not a copy). */
  public float[] data() {
    return data;
  }

  /** Frees the window data once features are computed; end times stay. */
  public void release() {
    data = new float[0];
  }

  public long endNs(int i) {
    return endNs[i];
  }
}
