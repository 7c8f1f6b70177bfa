package io.vigil.launcher;

import io.vigil.brokers.kafka.EmbeddedKafkaBroker;
import io.vigil.brokers.kafka.KafkaBrokerSettings;
import io.vigil.brokers.mqtt.EmbeddedMqttBroker;
import io.vigil.brokers.mqtt.MqttBrokerSettings;
import io.vigil.protocol.auth.CredentialStore;
import io.vigil.protocol.auth.Identity;
import io.vigil.protocol.auth.PasswordHasher;
import io.vigil.protocol.topic.DeviceAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * The development stack: the embedded Kafka and MQTT brokers on one data directory, with a service
 * identity and a demo device whose passwords survive restarts. Started by {@code vigil dev-stack},
 * and by tests.
 */
final class DevStack implements AutoCloseable {

  static final String SERVICE_USER = "vigil-service";
  static final DeviceAddress DEMO_DEVICE = new DeviceAddress("demo", "vehicle-1");

  /**
   * What to start and where.
   *
   * @param dataDir data of both brokers and the credential files
   * @param bind address both brokers listen on
   * @param kafkaPort Kafka client port
   * @param kafkaControllerPort KRaft controller port
   * @param mqttPort MQTT port
   * @param kafka whether to start Kafka
   * @param mqtt whether to start MQTT
   */
  record Settings(
      Path dataDir,
      String bind,
      int kafkaPort,
      int kafkaControllerPort,
      int mqttPort,
      boolean kafka,
      boolean mqtt) {}

  private final Settings settings;
  private EmbeddedKafkaBroker kafka;
  private EmbeddedMqttBroker mqtt;
  private Properties credentials = new Properties();

  private DevStack(Settings settings) {
    this.settings = settings;
  }

  /** Starts what the settings ask for; if anything fails, stops what had started. */
  static DevStack start(Settings settings) throws IOException {
    DevStack stack = new DevStack(settings);
    try {
      stack.startBrokers();
      return stack;
    } catch (IOException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startBrokers() throws IOException {
    Files.createDirectories(settings.dataDir());
    if (settings.kafka()) {
      kafka =
          new EmbeddedKafkaBroker(
                  new KafkaBrokerSettings(
                      settings.dataDir().resolve("kafka"),
                      settings.bind(),
                      settings.kafkaPort(),
                      settings.kafkaControllerPort(),
                      KafkaBrokerSettings.DEFAULT_PARTITIONS))
              .start();
    }
    if (settings.mqtt()) {
      CredentialStore store = CredentialStore.open(settings.dataDir().resolve("mqtt-credentials"));
      credentials = ensureDevCredentials(store);
      mqtt =
          new EmbeddedMqttBroker(
                  MqttBrokerSettings.defaults(settings.dataDir().resolve("mqtt"))
                      .withBindAddress(settings.bind())
                      .withPort(settings.mqttPort()),
                  store)
              .start();
    }
  }

  /** Kafka's {@code host:port}, if Kafka runs. */
  Optional<String> bootstrapServers() {
    return Optional.ofNullable(kafka).map(EmbeddedKafkaBroker::bootstrapServers);
  }

  /** The MQTT server URI, if MQTT runs. */
  Optional<String> mqttUri() {
    return Optional.ofNullable(mqtt).map(EmbeddedMqttBroker::serverUri);
  }

  /** service.user/password and device.user/password of the dev identities (MQTT only). */
  Properties credentials() {
    return credentials;
  }

  /** Stops MQTT, then Kafka; data stays on disk. */
  @Override
  public void close() {
    if (mqtt != null) {
      mqtt.stop();
    }
    if (kafka != null) {
      kafka.stop();
    }
  }

  /**
   * The dev stack's own identities: a service user and a demo device. Their passwords are kept in
   * plain text in {@code dev-credentials.properties} (owner-only) so that a developer can find
   * them; the broker itself only knows the hashes.
   */
  private Properties ensureDevCredentials(CredentialStore store) throws IOException {
    Path file = settings.dataDir().resolve("dev-credentials.properties");
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
}
