package io.vigil.agent.publish;

import io.vigil.agent.outbox.Outbox;
import io.vigil.agent.outbox.Outbox.Kind;
import io.vigil.agent.outbox.Outbox.Message;
import io.vigil.mqtt.MqttClientException;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox over MQTT (QoS 1) from its own thread: events first, then telemetry, oldest
 * first; a message leaves the outbox only when its PUBACK arrives. The first connection is retried
 * with the client settings' backoff for as long as it takes (an agent starts and detects offline);
 * later losses are reconnected by the client. After any failed publish or reconnect, delivery
 * restarts from the oldest unacknowledged message, so nothing is skipped; the broker may see a
 * message twice, which receivers deduplicate by event id.
 */
public final class OutboxPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
  private static final int BATCH = 100;
  private static final Kind[] ORDER = {Kind.EVENT, Kind.TELEMETRY};

  private final Outbox outbox;
  private final MqttClientSettings settings;
  private final java.util.function.Consumer<io.vigil.mqtt.InboundMessage> handler;
  private final Thread thread;
  private final Object wakeUp = new Object();
  private final AtomicBoolean restart = new AtomicBoolean(true);
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean firstAttemptFailed;
  // The client's reconnect count when onConnect last finished: status published after it stays.
  private volatile int greeted = -1;
  private volatile ReconnectingMqttClient client;
  private volatile java.util.function.Consumer<ReconnectingMqttClient> onConnect = c -> {};
  private volatile boolean closed;

  public OutboxPublisher(Outbox outbox, MqttClientSettings settings) {
    this(outbox, settings, message -> {});
  }

  /**
   * @param handler receives the messages of the subscriptions made in {@link #onConnect}, on the
   *     MQTT callback thread (blocking it holds back deliveries)
   */
  public OutboxPublisher(
      Outbox outbox,
      MqttClientSettings settings,
      java.util.function.Consumer<io.vigil.mqtt.InboundMessage> handler) {
    this.outbox = outbox;
    this.settings = settings;
    this.handler = handler;
    this.thread = new Thread(this::loop, "outbox-publisher-" + settings.clientId());
    this.thread.setDaemon(true);
  }

  /**
   * Runs {@code action} on the publisher's thread after every (re)connection, before the outbox is
   * delivered: the place to publish retained status messages.
   */
  public OutboxPublisher onConnect(java.util.function.Consumer<ReconnectingMqttClient> action) {
    this.onConnect = action;
    return this;
  }

  public OutboxPublisher start() {
    thread.start();
    return this;
  }

  /** Tells the publisher that the outbox has something new. */
  public void wakeUp() {
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }

  /** The live connection, once there is one (for subscriptions and retained status). */
  public ReconnectingMqttClient client() {
    return client;
  }

  public boolean isConnected() {
    ReconnectingMqttClient c = client;
    return c != null && c.isConnected();
  }

  public long published() {
    return published.get();
  }

  public long acknowledged() {
    return acknowledged.get();
  }

  /** Publishes that failed (offline, refused, timed out) and will be retried. */
  public long failures() {
    return failures.get();
  }

  /** Reconnects after lost connections. */
  public int reconnects() {
    ReconnectingMqttClient c = client;
    return c == null ? 0 : c.reconnects();
  }

  private void loop() {
    long[] cursor = new long[ORDER.length];
    int reconnectsSeen = 0;
    boolean firstConnection = true;
    while (!closed) {
      try {
        ReconnectingMqttClient c = connected();
        if (c == null) {
          return;
        }
        if (!c.isConnected()) {
          pause(100);
          restart.set(true);
          continue;
        }
        boolean connection = firstConnection || c.reconnects() != reconnectsSeen;
        if (restart.getAndSet(false) || connection) {
          reconnectsSeen = c.reconnects();
          java.util.Arrays.fill(cursor, -1);
        }
        if (connection) {
          firstConnection = false;
          try {
            onConnect.accept(c);
          } finally {
            greeted = reconnectsSeen;
          }
        }
        int sent = 0;
        for (int k = 0; k < ORDER.length && !restart.get(); k++) {
          List<Message> batch = outbox.after(ORDER[k], cursor[k], BATCH);
          for (Message m : batch) {
            if (restart.get() || closed) {
              break;
            }
            send(c, m);
            cursor[k] = m.seq();
            sent++;
          }
          if (!batch.isEmpty()) {
            break; // events drain before telemetry gets a turn
          }
        }
        if (sent == 0) {
          pause(200);
        }
      } catch (RuntimeException e) {
        LOG.warn("outbox publisher: {}; retrying", e.toString());
        restart.set(true);
        pause(1000);
      }
    }
  }

  private void send(ReconnectingMqttClient c, Message m) {
    published.incrementAndGet();
    c.publish(m.topic(), m.payload(), 1, false)
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                try {
                  outbox.acknowledge(m.kind(), m.seq());
                  acknowledged.incrementAndGet();
                } catch (IOException e) {
                  LOG.warn(
                      "outbox: cannot record the acknowledgement of {}: {}", m.seq(), e.toString());
                }
              } else {
                failures.incrementAndGet();
                restart.set(true);
                LOG.debug("publish of {} {} failed: {}", m.kind(), m.seq(), error.toString());
              }
            });
  }

  /** The client, connecting first if needed; null once closed. */
  private ReconnectingMqttClient connected() {
    int attempt = 0;
    while (client == null && !closed) {
      try {
        client = ReconnectingMqttClient.connect(settings, handler);
        LOG.info("connected to {} as {}", settings.serverUri(), settings.clientId());
      } catch (MqttClientException e) {
        firstAttemptFailed = true;
        Duration delay =
            settings.backoff().delayFor(++attempt, () -> ThreadLocalRandom.current().nextDouble());
        if (attempt == 1 || attempt % 10 == 0) {
          LOG.warn(
              "cannot connect to {} ({}); buffering in the outbox, retrying in {} ms",
              settings.serverUri(),
              e.getMessage(),
              delay.toMillis());
        }
        backOff(delay.toMillis());
      }
    }
    return client;
  }

  /** Sleeps for a reconnect backoff: new messages do not shorten it, closing does. */
  private void backOff(long millis) {
    long until = System.nanoTime() + millis * 1_000_000;
    try {
      while (!closed && System.nanoTime() < until) {
        Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private void pause(long millis) {
    synchronized (wakeUp) {
      try {
        wakeUp.wait(Math.max(1, millis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closed = true;
      }
    }
  }

  /**
   * Waits up to {@code grace} for the outbox to empty and the connection to settle, for as long as
   * delivery can happen: while connected, or while the first connection attempt is under way (an
   * agent that stops soon after it started must not give up before the broker has answered).
   * Settled means {@link #onConnect} has run for the current connection, so a status the caller
   * publishes next is not overtaken by it. Returns as soon as the broker is known unreachable: an
   * offline agent keeps its outbox for the next start.
   *
   * @return whether the outbox is empty
   */
  public boolean drain(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while (true) {
      Outbox.Stats s = outbox.stats();
      boolean empty = s.pendingEvents() + s.pendingTelemetry() == 0;
      ReconnectingMqttClient c = client;
      boolean live = c != null && c.isConnected();
      boolean settling =
          c == null ? !firstAttemptFailed && !closed : live && greeted != c.reconnects();
      if ((empty && !settling) || System.nanoTime() >= deadline || !(live || settling)) {
        return empty;
      }
      wakeUp();
      Thread.sleep(50);
    }
  }

  /** Stops publishing; waits up to {@code grace} for acknowledgements of what is in flight. */
  public void close(Duration grace) {
    closed = true;
    wakeUp();
    try {
      thread.join(Math.max(1, grace.toMillis()));
      ReconnectingMqttClient c = client;
      if (c != null) {
        c.awaitDrained(grace);
        c.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
