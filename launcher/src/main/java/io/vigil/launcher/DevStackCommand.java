package io.vigil.launcher;

import io.vigil.brokers.auth.CredentialStore;
import io.vigil.brokers.auth.Identity;
import io.vigil.brokers.auth.PasswordHasher;
import io.vigil.brokers.kafka.EmbeddedKafkaBroker;
import io.vigil.brokers.kafka.KafkaBrokerSettings;
import io.vigil.brokers.mqtt.EmbeddedMqttBroker;
import io.vigil.brokers.mqtt.MqttBrokerSettings;
import io.vigil.protocol.topic.DeviceAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the development stack: the in-JVM Kafka (KRaft) and MQTT (HiveMQ CE) brokers with Vigil
 * authentication, on fixed ports, data kept between runs. Prints how to connect and waits for
 * Ctrl-C, then stops both cleanly.
 */
@Command(
    name = "dev-stack",
    mixinStandardHelpOptions = true,
    description = {
      "Start the embedded Kafka and MQTT brokers for development; Ctrl-C stops them.",
      "Data (topics, sessions, credentials) is kept in --data-dir between runs."
    })
final class DevStackCommand implements Callable<Integer> {

  static final String SERVICE_USER = "vigil-service";
  static final DeviceAddress DEMO_DEVICE = new DeviceAddress("demo", "vehicle-1");

  @Option(
      names = "--data-dir",
      descriptionKey = "dev-stack.data-dir",
      description = "Where broker data lives (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(".vigil", "dev-stack");

  @Option(
      names = "--bind",
      descriptionKey = "dev-stack.bind",
      description = "Address both brokers listen on (default: ${DEFAULT-VALUE}).")
  String bind = "127.0.0.1";

  @Option(
      names = "--kafka-port",
      descriptionKey = "dev-stack.kafka-port",
      description = "Kafka client port (default: ${DEFAULT-VALUE}).")
  int kafkaPort = KafkaBrokerSettings.DEFAULT_PORT;

  @Option(
      names = "--kafka-controller-port",
      descriptionKey = "dev-stack.kafka-controller-port",
      description = "Kafka KRaft controller port (default: ${DEFAULT-VALUE}).")
  int kafkaControllerPort = KafkaBrokerSettings.DEFAULT_CONTROLLER_PORT;

  @Option(
      names = "--mqtt-port",
      descriptionKey = "dev-stack.mqtt-port",
      description = "MQTT port (default: ${DEFAULT-VALUE}).")
  int mqttPort = MqttBrokerSettings.DEFAULT_PORT;

  @Option(
      names = "--only",
      descriptionKey = "dev-stack.only",
      description = "Start just one broker: kafka or mqtt (default: both).")
  String only;

  @Override
  public Integer call() throws Exception {
    boolean kafka = only == null || only.equals("kafka");
    boolean mqtt = only == null || only.equals("mqtt");
    if (!kafka && !mqtt) {
      throw new IllegalArgumentException("--only must be 'kafka' or 'mqtt', not '" + only + "'");
    }
    Files.createDirectories(dataDir);
    EmbeddedKafkaBroker kafkaBroker = null;
    EmbeddedMqttBroker mqttBroker = null;
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      System.out.println("Vigil dev stack: starting (data in " + dataDir.toAbsolutePath() + ")");
      if (kafka) {
        kafkaBroker =
            new EmbeddedKafkaBroker(
                    new KafkaBrokerSettings(
                        dataDir.resolve("kafka"),
                        bind,
                        kafkaPort,
                        kafkaControllerPort,
                        KafkaBrokerSettings.DEFAULT_PARTITIONS))
                .start();
      }
      Properties devCredentials = null;
      if (mqtt) {
        CredentialStore store = CredentialStore.open(dataDir.resolve("mqtt-credentials"));
        devCredentials = ensureDevCredentials(store);
        mqttBroker =
            new EmbeddedMqttBroker(
                    MqttBrokerSettings.defaults(dataDir.resolve("mqtt"))
                        .withBindAddress(bind)
                        .withPort(mqttPort),
                    store)
                .start();
      }
      EmbeddedKafkaBroker k = kafkaBroker;
      EmbeddedMqttBroker m = mqttBroker;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    System.out.println("Vigil dev stack: stopping");
                    if (m != null) {
                      m.stop();
                    }
                    if (k != null) {
                      k.stop();
                    }
                    System.out.println("Vigil dev stack: stopped cleanly");
                    stopped.countDown();
                  },
                  "dev-stack-shutdown"));
      printBanner(kafkaBroker, mqttBroker, devCredentials);
      stopped.await();
      return 0;
    } catch (IOException | RuntimeException e) {
      if (mqttBroker != null) {
        mqttBroker.stop();
      }
      if (kafkaBroker != null) {
        kafkaBroker.stop();
      }
      throw e;
    }
  }

  /**
   * The dev stack's own identities: a service user and a demo device. Their passwords are kept in
   * plain text in {@code dev-credentials.properties} (owner-only) so that a developer can find
   * them; the broker itself only knows the hashes.
   */
  private Properties ensureDevCredentials(CredentialStore store) throws IOException {
    Path file = dataDir.resolve("dev-credentials.properties");
    Properties props = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(in);
      }
    }
    String servicePassword = props.getProperty("service.password");
    if (servicePassword == null || store.authenticate(SERVICE_USER, servicePassword).isEmpty()) {
      servicePassword = PasswordHasher.newToken();
      store.put(
          new Identity.Service(SERVICE_USER), servicePassword, PasswordHasher.TOKEN_ITERATIONS);
      props.setProperty("service.user", SERVICE_USER);
      props.setProperty("service.password", servicePassword);
    }
    String devicePassword = props.getProperty("device.password");
    if (devicePassword == null
        || store.authenticate(DEMO_DEVICE.clientId(), devicePassword).isEmpty()) {
      props.setProperty("device.user", DEMO_DEVICE.clientId());
      props.setProperty("device.password", store.issueDeviceToken(DEMO_DEVICE));
    }
    Files.deleteIfExists(file);
    Files.createFile(file);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Non-POSIX file systems keep their default permissions.
    }
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(out, "Vigil dev stack credentials (development only)");
    }
    return props;
  }

  private void printBanner(
      EmbeddedKafkaBroker kafka, EmbeddedMqttBroker mqtt, Properties credentials) {
    StringBuilder b = new StringBuilder();
    b.append("\nVigil dev stack is running.\n");
    if (kafka != null) {
      b.append("  Kafka (KRaft)  bootstrap.servers=").append(kafka.bootstrapServers()).append('\n');
    }
    if (mqtt != null) {
      b.append("  MQTT v5        ").append(mqtt.serverUri()).append('\n');
      b.append("    service user ")
          .append(credentials.getProperty("service.user"))
          .append(" / ")
          .append(credentials.getProperty("service.password"))
          .append('\n');
      b.append("    demo device  ")
          .append(credentials.getProperty("device.user"))
          .append(" / ")
          .append(credentials.getProperty("device.password"))
          .append("  (client id must equal the user name)\n");
      b.append("    credentials  ")
          .append(dataDir.resolve("dev-credentials.properties"))
          .append('\n');
      b.append("    add devices  ./vigil device add --fleet FLEET --vehicle VEHICLE\n");
    }
    b.append(
        "  The demo fleet, edge agents and dashboard are not part of Vigil yet; this command\n"
            + "  starts the brokers they will use. Press Ctrl-C to stop.\n");
    System.out.println(b);
  }
}
