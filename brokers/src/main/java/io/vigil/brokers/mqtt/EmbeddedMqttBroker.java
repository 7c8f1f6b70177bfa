package io.vigil.brokers.mqtt;

import com.codahale.metrics.Counter;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.vigil.brokers.FreePort;
import io.vigil.protocol.auth.CredentialStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT v5 broker inside this JVM (HiveMQ Community Edition, Apache-2.0): shared subscriptions,
 * persistent sessions and retained messages on disk under {@link MqttBrokerSettings#dataDir()},
 * raised queue limits, and Vigil authentication + topic ACLs from a {@link CredentialStore}. It can
 * be stopped and started again on the same data directory and port.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);
  private static final String DROPPED_METRIC = "com.hivemq.messages.dropped.count";

  private final MqttBrokerSettings settings;
  private final CredentialStore credentials;
  private final int port;
  private final int tlsPort;
  private EmbeddedHiveMQ hive;

  public EmbeddedMqttBroker(MqttBrokerSettings settings, CredentialStore credentials) {
    this.settings = settings;
    this.credentials = credentials;
    this.port = FreePort.orPick(settings.port());
    this.tlsPort = settings.tls().map(t -> FreePort.orPick(t.port())).orElse(-1);
  }

  /** Starts the broker and waits until it accepts connections. */
  public synchronized EmbeddedMqttBroker start() throws IOException {
    if (hive != null) {
      return this;
    }
    Path root = settings.dataDir().toAbsolutePath();
    Path config = root.resolve("conf");
    Path extensions = root.resolve("extensions");
    Files.createDirectories(extensions);
    Files.createDirectories(root.resolve("data"));
    HiveMqConfigFile.write(config, settings, port, tlsPort);
    EmbeddedExtension auth =
        EmbeddedExtension.builder()
            .withId("vigil-auth")
            .withName("Vigil device authentication and topic ACLs")
            .withVersion("1")
            .withPriority(1000)
            .withStartPriority(1000)
            .withAuthor("Vigil")
            .withExtensionMain(new VigilAuthExtension(credentials))
            .build();
    EmbeddedHiveMQ candidate =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(config)
            .withDataFolder(root.resolve("data"))
            .withExtensionsFolder(extensions)
            .withEmbeddedExtension(auth)
            .withoutLoggingBootstrap()
            .build();
    try {
      candidate.start().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(candidate);
      throw new IOException("interrupted while starting the MQTT broker", e);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly(candidate);
      throw new IOException(
          "MQTT broker did not start on "
              + settings.bindAddress()
              + ":"
              + port
              + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
          e);
    }
    hive = candidate;
    LOG.info(
        "MQTT broker listening on tcp://{}:{} (data in {})", settings.bindAddress(), port, root);
    return this;
  }

  /** Stops the broker; sessions, queues and retained messages stay on disk. */
  public synchronized void stop() {
    if (hive == null) {
      return;
    }
    closeQuietly(hive);
    hive = null;
    LOG.info("MQTT broker on port {} stopped", port);
  }

  private static void closeQuietly(EmbeddedHiveMQ h) {
    try {
      h.stop().get(60, TimeUnit.SECONDS);
      h.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("MQTT broker did not stop cleanly: {}", e.getMessage());
    }
  }

  public synchronized boolean isRunning() {
    return hive != null;
  }

  public int port() {
    return port;
  }

  /** {@code tcp://host:port} for clients on this machine. */
  public String serverUri() {
    return "tcp://" + localHost() + ":" + port;
  }

  /** {@code ssl://host:port} of the TLS listener; empty if it has none. */
  public java.util.Optional<String> tlsServerUri() {
    return settings.tls().map(t -> "ssl://" + localHost() + ":" + tlsPort);
  }

  private String localHost() {
    return settings.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : settings.bindAddress();
  }

  public CredentialStore credentials() {
    return credentials;
  }

  /**
   * QoS 1/2 messages the broker dropped since it started (full queues, expired messages): must stay
   * 0 in Vigil; a non-zero value is a capacity problem, never silent.
   */
  public synchronized long droppedMessages() {
    if (hive == null) {
      return 0;
    }
    Counter dropped = hive.getMetricRegistry().getCounters().get(DROPPED_METRIC);
    return dropped == null ? 0 : dropped.getCount();
  }

  @Override
  public void close() {
    stop();
  }
}
