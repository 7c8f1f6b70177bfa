package io.vigil.brokers.kafka;

import io.vigil.brokers.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker inside this JVM, in KRaft mode (no ZooKeeper): broker and controller
 * in one process, storage formatted on first start and reused afterwards, so topics and committed
 * offsets survive a restart on the same data directory. Single-node replication settings make
 * transactions and Kafka Streams {@code exactly_once_v2} work.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaBrokerSettings settings;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  public EmbeddedKafkaBroker(KafkaBrokerSettings settings) {
    this.settings = settings;
    this.port = FreePort.orPick(settings.port());
    int picked = FreePort.orPick(settings.controllerPort());
    this.controllerPort = picked == port ? FreePort.orPick(0) : picked;
  }

  /** Formats storage if needed, starts the broker and waits until it answers clients. */
  public synchronized EmbeddedKafkaBroker start() throws IOException {
    if (server != null) {
      return this;
    }
    Path logDir = settings.dataDir().toAbsolutePath().resolve("kraft");
    Files.createDirectories(logDir);
    KafkaConfig config = KafkaConfig.fromProps(properties(logDir));
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      format(config, logDir);
    }
    KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      candidate.startup();
      awaitReady();
    } catch (RuntimeException | IOException e) {
      shutdownQuietly(candidate);
      throw new IOException(
          "Kafka did not start on " + bootstrapServers() + ": " + e.getMessage(), e);
    }
    server = candidate;
    LOG.info("Kafka (KRaft) listening on {} (data in {})", bootstrapServers(), logDir);
    return this;
  }

  private Properties properties(Path logDir) {
    String host = settings.host();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://"
            + host
            + ":"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", String.valueOf(settings.defaultPartitions()));
    // One node: every internal topic has one replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "6");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "true");
    return p;
  }

  private void format(KafkaConfig config, Path logDir) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(print)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(config.metadataLogDir())
          .setDirectories(List.of(logDir.toString()))
          .run();
    } catch (Exception e) {
      throw new IOException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
    LOG.debug("formatted Kafka storage: {}", out.toString(StandardCharsets.UTF_8).strip());
  }

  private void awaitReady() throws IOException {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for Kafka", e);
        } catch (Exception notYet) {
          if (Instant.now().isAfter(deadline)) {
            throw new IOException(
                "Kafka not ready after " + READY_TIMEOUT.toSeconds() + " s", notYet);
          }
        }
      }
    }
  }

  /** Stops the broker; topics and offsets stay on disk. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    shutdownQuietly(server);
    server = null;
    LOG.info("Kafka on {} stopped", bootstrapServers());
  }

  private static void shutdownQuietly(KafkaRaftServer s) {
    try {
      s.shutdown();
      s.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Kafka did not stop cleanly: {}", e.getMessage());
    }
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** {@code host:port} for Kafka clients. */
  public String bootstrapServers() {
    return settings.host() + ":" + port;
  }

  @Override
  public void close() {
    stop();
  }
}
