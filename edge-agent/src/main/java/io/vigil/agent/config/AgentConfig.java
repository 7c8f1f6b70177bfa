package io.vigil.agent.config;

import io.vigil.agent.outbox.OutboxSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The agent's configuration: every key defined once below, with its type, unit, default and
 * meaning. Values come from the defaults, then a properties file, then environment variables
 * ({@link ConfigKey#environmentVariable()}), then command-line {@code --set key=value}, each
 * overriding the one before. An unknown key or a value of the wrong form is a {@link
 * ConfigException} naming the key, its source and the expected form. {@link #reference()} is the
 * commented reference file shipped as {@code deploy/edge/agent.properties}.
 */
public final class AgentConfig {

  /** Where the samples come from. */
  public enum Input {
    /** Vehicles of a simulator scenario, run in this JVM (fleet mode; demo and load tests). */
    SIMULATE,
    /** One vehicle whose sensor publishes sample batches on its MQTT samples topic. */
    DEVICE
  }

  public static final ConfigKey<String> FLEET =
      ConfigKey.text("agent.fleet", "demo", "Fleet id of this vehicle (device input).");
  public static final ConfigKey<String> VEHICLE =
      ConfigKey.text("agent.vehicle", "vehicle-1", "Vehicle id (device input).");
  public static final ConfigKey<String> DRIVER =
      ConfigKey.text("agent.driver", "unassigned", "Driver at the wheel (device input).");
  public static final ConfigKey<Path> DATA_DIR =
      ConfigKey.path(
          "agent.data-dir",
          ".vigil/agent",
          "Directory for the outbox, calibrations and installed models; must survive restarts.");
  public static final ConfigKey<Input> INPUT =
      ConfigKey.choice("agent.input", Input.class, Input.SIMULATE, "Where samples come from.");
  public static final ConfigKey<Path> SCENARIO =
      ConfigKey.path(
          "agent.scenario",
          "seeds/demo-fleet.yaml",
          "Simulator scenario whose vehicles this agent runs (simulate input).");
  public static final ConfigKey<Boolean> REALTIME =
      ConfigKey.flag(
          "agent.realtime",
          true,
          "Simulate input: pace the vehicles by the wall clock (false: as fast as possible).");
  public static final ConfigKey<Duration> RUN_FOR =
      ConfigKey.duration(
          "agent.run-for", "0s", "Stop after this long; 0s runs until stopped or the input ends.");
  public static final ConfigKey<Path> MODEL_PACKAGE =
      ConfigKey.path(
          "model.package",
          "models/vigil-driving/1.0.0",
          "Model package to start with (manifest.json, manifest.sig, model.onnx), until an update"
              + " over MQTT installs another (kept under agent.data-dir/models).");
  public static final ConfigKey<Path> MODEL_PUBLIC_KEY =
      ConfigKey.path(
          "model.public-key",
          "models/vigil-driving/1.0.0/publisher.pub.pem",
          "Trusted Ed25519 public key (PEM); every model package must be signed with its key.");
  public static final ConfigKey<Long> MODEL_MAX_PACKAGE =
      ConfigKey.bytes(
          "model.max-package-bytes",
          "16MiB",
          "Largest model package (archive and unpacked) an over-the-air update may bring.");
  public static final ConfigKey<Duration> MODEL_RETRY_INTERVAL =
      ConfigKey.duration(
          "model.retry-interval",
          "60s",
          "How often an announced package that has not arrived is asked for again (also after"
              + " every reconnect and restart).");
  public static final ConfigKey<Integer> MAX_BATCH =
      ConfigKey.integer(
          "inference.max-batch",
          64,
          1,
          4096,
          "windows",
          "Largest number of windows scored in one ONNX Runtime call (fleet mode batches vehicles).");
  public static final ConfigKey<String> MQTT_SERVER =
      ConfigKey.text(
          "mqtt.server",
          "tcp://127.0.0.1:1883",
          "MQTT v5 broker, tcp://host:port or ssl://host:port (TLS: see mqtt.tls.*).");
  public static final ConfigKey<String> MQTT_USERNAME =
      ConfigKey.text(
          "mqtt.username",
          "",
          "MQTT user name; empty: the device's client id fleet.vehicle (a service identity for"
              + " fleet mode).");
  public static final ConfigKey<String> MQTT_PASSWORD =
      ConfigKey.secret(
          "mqtt.password", "MQTT password; prefer the environment variable to a file.");
  public static final ConfigKey<java.util.Optional<Path>> MQTT_TLS_KEYSTORE =
      ConfigKey.optionalPath(
          "mqtt.tls.keystore",
          "PKCS#12 file with this device's client certificate (CN=fleet.vehicle) and key, for"
              + " brokers that authenticate devices by certificate; with it and no mqtt.password"
              + " the agent logs in by certificate alone. Needs an ssl:// mqtt.server.");
  public static final ConfigKey<String> MQTT_TLS_KEYSTORE_PASSWORD =
      ConfigKey.secret("mqtt.tls.keystore-password", "Password of mqtt.tls.keystore.");
  public static final ConfigKey<java.util.Optional<Path>> MQTT_TLS_TRUSTSTORE =
      ConfigKey.optionalPath(
          "mqtt.tls.truststore",
          "PKCS#12 file with the CA certificates trusted for the broker's certificate; empty: the"
              + " JVM's truststore.");
  public static final ConfigKey<String> MQTT_TLS_TRUSTSTORE_PASSWORD =
      ConfigKey.secret("mqtt.tls.truststore-password", "Password of mqtt.tls.truststore.");
  public static final ConfigKey<Integer> MQTT_MAX_IN_FLIGHT =
      ConfigKey.integer(
          "mqtt.max-in-flight",
          100,
          1,
          65535,
          "messages",
          "Unacknowledged QoS 1 publishes at most (also capped by the broker's receive-maximum).");
  public static final ConfigKey<Duration> TELEMETRY_INTERVAL =
      ConfigKey.duration(
          "telemetry.interval", "60s", "How often each vehicle publishes telemetry.");
  public static final ConfigKey<Long> OUTBOX_CAP =
      ConfigKey.bytes(
          "outbox.cap-bytes",
          "64MiB",
          "Outbox size on disk at most; beyond it the oldest telemetry, then the oldest events are"
              + " dropped and counted.");
  public static final ConfigKey<Long> OUTBOX_SEGMENT =
      ConfigKey.bytes("outbox.segment-bytes", "1MiB", "Outbox segment file size.");
  public static final ConfigKey<OutboxSettings.Fsync> OUTBOX_FSYNC =
      ConfigKey.choice(
          "outbox.fsync",
          OutboxSettings.Fsync.class,
          OutboxSettings.Fsync.EVENTS,
          "When appends are forced to the storage device: events (each event), always (every"
              + " message), interval (at most outbox.fsync-interval apart).");
  public static final ConfigKey<Duration> OUTBOX_FSYNC_INTERVAL =
      ConfigKey.duration(
          "outbox.fsync-interval", "1s", "Longest unforced time with outbox.fsync=interval.");
  public static final ConfigKey<Integer> METRICS_PORT =
      ConfigKey.integer(
          "metrics.port",
          9464,
          0,
          65535,
          "TCP port",
          "Prometheus scrape endpoint http://host:port/metrics; 0 turns it off.");

  /** Every key, in the order of the reference file. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(
          FLEET,
          VEHICLE,
          DRIVER,
          DATA_DIR,
          INPUT,
          SCENARIO,
          REALTIME,
          RUN_FOR,
          MODEL_PACKAGE,
          MODEL_PUBLIC_KEY,
          MODEL_MAX_PACKAGE,
          MODEL_RETRY_INTERVAL,
          MAX_BATCH,
          MQTT_SERVER,
          MQTT_USERNAME,
          MQTT_PASSWORD,
          MQTT_TLS_KEYSTORE,
          MQTT_TLS_KEYSTORE_PASSWORD,
          MQTT_TLS_TRUSTSTORE,
          MQTT_TLS_TRUSTSTORE_PASSWORD,
          MQTT_MAX_IN_FLIGHT,
          TELEMETRY_INTERVAL,
          OUTBOX_CAP,
          OUTBOX_SEGMENT,
          OUTBOX_FSYNC,
          OUTBOX_FSYNC_INTERVAL,
          METRICS_PORT);

  private final Map<String, Object> values;

  private AgentConfig(Map<String, Object> values) {
    this.values = values;
  }

  /**
   * Builds the configuration.
   *
   * @param file properties file, if any
   * @param environment the process environment (only {@code VIGIL_AGENT_*} keys are read)
   * @param overrides {@code key=value} pairs from the command line
   */
  public static AgentConfig load(
      Optional<Path> file, Map<String, String> environment, Map<String, String> overrides)
      throws ConfigException {
    Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
    KEYS.forEach(k -> byName.put(k.name(), k));
    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigKey<?> k : KEYS) {
      values.put(k.name(), parse(k, k.defaultValue(), "the default"));
    }
    if (file.isPresent()) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigException("cannot read " + file.get() + ": " + e.getMessage());
      }
      for (String name : p.stringPropertyNames()) {
        ConfigKey<?> k = known(byName, name, file.get().toString());
        values.put(name, parse(k, p.getProperty(name), file.get().toString()));
      }
    }
    for (ConfigKey<?> k : KEYS) {
      String v = environment.get(k.environmentVariable());
      if (v != null) {
        values.put(k.name(), parse(k, v, "environment variable " + k.environmentVariable()));
      }
    }
    for (Map.Entry<String, String> o : overrides.entrySet()) {
      ConfigKey<?> k = known(byName, o.getKey(), "--set");
      values.put(k.name(), parse(k, o.getValue(), "--set"));
    }
    return new AgentConfig(values);
  }

  /** The defaults alone. */
  public static AgentConfig defaults() {
    try {
      return load(Optional.empty(), Map.of(), Map.of());
    } catch (ConfigException e) {
      throw new IllegalStateException("a default does not parse: " + e.getMessage(), e);
    }
  }

  private static ConfigKey<?> known(Map<String, ConfigKey<?>> byName, String name, String source)
      throws ConfigException {
    ConfigKey<?> k = byName.get(name);
    if (k == null) {
      throw new ConfigException(
          source + ": unknown key '" + name + "' (see deploy/edge/agent.properties for all keys)");
    }
    return k;
  }

  private static Object parse(ConfigKey<?> k, String text, String source) throws ConfigException {
    try {
      return k.parse(text);
    } catch (RuntimeException e) {
      throw new ConfigException(
          source + ": " + k.name() + " = '" + (k.secret() ? "***" : text) + "' is not " + k.type());
    }
  }

  /**
   * The MQTT connection settings for {@code clientId}: user name and password (the user defaults to
   * the client id), or a client certificate alone when a keystore is set and no password; the TLS
   * files for ssl://.
   */
  public io.vigil.mqtt.MqttClientSettings mqtt(String clientId) throws ConfigException {
    String server = get(MQTT_SERVER);
    var settings =
        io.vigil.mqtt.MqttClientSettings.of(server, clientId)
            .withMaxInFlight(get(MQTT_MAX_IN_FLIGHT));
    String password = get(MQTT_PASSWORD);
    if (!password.isEmpty() || get(MQTT_TLS_KEYSTORE).isEmpty()) {
      String user = get(MQTT_USERNAME);
      settings = settings.withCredentials(user.isEmpty() ? clientId : user, password);
    }
    if (get(MQTT_TLS_KEYSTORE).isPresent() || get(MQTT_TLS_TRUSTSTORE).isPresent()) {
      if (!server.startsWith("ssl://")) {
        throw new ConfigException(
            "mqtt.tls.keystore and mqtt.tls.truststore need an ssl:// mqtt.server, not " + server);
      }
      settings =
          settings.withTls(
              new io.vigil.mqtt.TlsFiles(
                  get(MQTT_TLS_KEYSTORE),
                  get(MQTT_TLS_KEYSTORE_PASSWORD),
                  get(MQTT_TLS_TRUSTSTORE),
                  get(MQTT_TLS_TRUSTSTORE_PASSWORD)));
    }
    return settings;
  }

  /** The value of {@code key}. */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return (T) values.get(key.name());
  }

  /** The commented reference configuration: every key with its default, unit and meaning. */
  public static String reference() {
    StringBuilder b = new StringBuilder();
    b.append("# Vigil edge agent: reference configuration (generated from AgentConfig; do not\n");
    b.append("# edit by hand, a test compares it). Every key is shown with its default.\n");
    b.append("# Precedence: defaults < this file (--config) < environment < --set key=value.\n");
    for (ConfigKey<?> k : KEYS) {
      b.append('\n');
      b.append("# ").append(k.doc()).append('\n');
      b.append("# Form: ").append(k.type());
      if (!k.unit().isEmpty()) {
        b.append("; unit: ").append(k.unit());
      }
      b.append("; environment: ").append(k.environmentVariable()).append('\n');
      b.append(k.secret() || k.defaultValue().isEmpty() ? "#" : "")
          .append(k.name())
          .append('=')
          .append(k.secret() ? "" : k.defaultValue())
          .append('\n');
    }
    return b.toString();
  }
}
