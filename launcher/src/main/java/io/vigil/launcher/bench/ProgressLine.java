package io.vigil.launcher.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints "name: done/total (rate/s)" once a second while a long run is going (benchmarks, the
 * sample export); {@code done} is read from the printing thread.
 */
public final class ProgressLine implements AutoCloseable {

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
          });

  public ProgressLine(String name, long total, LongSupplier done) {
    long start = System.nanoTime();
    timer.scheduleAtFixedRate(
        () -> {
          long d = done.getAsLong();
          double s = (System.nanoTime() - start) / 1e9;
          System.out.printf("  %s: %,d / %,d (%,.0f msg/s)%n", name, d, total, d / s);
        },
        1,
        1,
        TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
