package io.vigil.inference.input;

/** Receives each complete model input window a {@link WindowAssembler} produces. */
@FunctionalInterface
public interface WindowSink {

  /**
   * @param endNs time of the window's last frame, nanoseconds on the sample clock
   * @param window the window, channel-major {@code [C][T]}; reused after this call returns
   * @param missingFrames frames in the window that were filled in because samples were missing
   */
  void window(long endNs, float[] window, int missingFrames);
}
