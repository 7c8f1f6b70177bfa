package io.vigil.brokers.mosquitto;

import io.vigil.brokers.FreePort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code mosquitto} as a child process on a loopback port, for load runs and multi-process
 * tests that want a second, C-implemented broker beside the embedded HiveMQ. It accepts anyone on
 * loopback (no ACLs): use it where the test is about throughput or failover, not authorisation.
 * Queue limits are raised so that the broker never drops a QoS 1 message silently.
 */
public final class MosquittoBroker implements AutoCloseable {

  private static final List<Path> LOCATIONS =
      List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));

  private final Process process;
  private final int port;
  private final Path log;

  private MosquittoBroker(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The mosquitto executable, if installed ({@code apt-get install mosquitto}). */
  public static Optional<Path> executable() {
    return LOCATIONS.stream().filter(Files::isExecutable).findFirst();
  }

  /** Starts mosquitto with its configuration, persistence and log in {@code dir}. */
  public static MosquittoBroker start(Path dir) throws IOException {
    Path exe =
        executable()
            .orElseThrow(
                () -> new IOException("mosquitto is not installed (apt-get install mosquitto)"));
    Files.createDirectories(dir);
    int port = FreePort.orPick(0);
    Path log = dir.resolve("mosquitto.log");
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "# Written by Vigil's MosquittoBroker: loopback only, anonymous, nothing dropped.",
            "listener " + port + " 127.0.0.1",
            "allow_anonymous true",
            "persistence true",
            "persistence_location " + dir.toAbsolutePath() + "/",
            "max_queued_messages 1000000",
            "max_queued_bytes 0",
            "max_inflight_messages 0",
            "set_tcp_nodelay true",
            // Paho resends in-flight messages with the old connection's topic aliases
            "max_topic_alias 0",
            "log_dest file " + log.toAbsolutePath(),
            "log_type error",
            "log_type warning",
            ""),
        StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(exe.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.out").toFile())
            .start();
    MosquittoBroker broker = new MosquittoBroker(p, port, log);
    broker.awaitListening(Duration.ofSeconds(10));
    return broker;
  }

  /** {@code tcp://127.0.0.1:port}. */
  public String serverUri() {
    return "tcp://127.0.0.1:" + port;
  }

  /** The process id, for tests that kill the broker. */
  public long pid() {
    return process.pid();
  }

  private void awaitListening(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "mosquitto exited with " + process.exitValue() + "; see " + log.getParent());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for mosquitto", e);
        }
      }
    }
    close();
    throw new IOException("mosquitto did not listen on " + port + " within " + timeout);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
