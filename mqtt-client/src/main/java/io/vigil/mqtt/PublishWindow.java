package io.vigil.mqtt;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the QoS 1/2 publishes awaiting acknowledgement. Paho v5 fails a publish with reason 32202
 * once the server's receive-maximum is exceeded, and a broker that is pushed past it queues or
 * drops; so a publisher waits here for a free slot instead, which is the backpressure that reaches
 * the caller. The limit can change on every reconnect (the server announces its receive-maximum in
 * CONNACK).
 */
public final class PublishWindow {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private int limit;
  private int inFlight;

  public PublishWindow(int limit) {
    setLimit(limit);
  }

  /** Changes the limit; publishes already in flight above a lowered limit finish normally. */
  public void setLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("in-flight limit must be at least 1");
    }
    lock.lock();
    try {
      this.limit = limit;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Takes a slot, waiting up to {@code timeout}; false if none became free in time. */
  public boolean acquire(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (inFlight >= limit) {
        if (nanos <= 0) {
          return false;
        }
        nanos = released.awaitNanos(nanos);
      }
      inFlight++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Gives a slot back once the publish is acknowledged or has failed. */
  public void release() {
    lock.lock();
    try {
      if (inFlight == 0) {
        throw new IllegalStateException("release without acquire");
      }
      inFlight--;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public int limit() {
    lock.lock();
    try {
      return limit;
    } finally {
      lock.unlock();
    }
  }

  public int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until nothing is in flight, up to {@code timeout}; true if drained. */
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (inFlight > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = released.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
