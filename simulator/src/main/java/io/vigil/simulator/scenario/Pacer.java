package io.vigil.simulator.scenario;

/**
 * Wall-clock time for real-time simulation, injected so that tests run on a fake clock without
 * sleeping.
 */
public interface Pacer {

  /** Monotonic time, nanoseconds. */
  long nanoTime();

  /** Waits until {@link #nanoTime()} reaches {@code deadlineNs} (or returns at once if past). */
  void sleepUntil(long deadlineNs) throws InterruptedException;

  /** The system's monotonic clock. */
  Pacer SYSTEM =
      new Pacer() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadlineNs) throws InterruptedException {
          long wait = deadlineNs - System.nanoTime();
          if (wait > 0) {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
      };
}
