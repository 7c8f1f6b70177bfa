package io.vigil.brokers.testkit;

import io.vigil.brokers.mqtt.EmbeddedMqttBroker;
import io.vigil.brokers.mqtt.MqttBrokerSettings;
import io.vigil.mqtt.TlsFiles;
import io.vigil.protocol.auth.CredentialStore;
import io.vigil.protocol.auth.Identity;
import io.vigil.protocol.topic.DeviceAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real MQTT v5 broker for a test class (HiveMQ CE in this JVM) with Vigil authentication and
 * ACLs, a service identity ready to use, and device credentials on demand. It runs in-JVM in both
 * broker modes: the ACLs are a HiveMQ extension of this JVM, and the broker is real either way.
 */
public final class MqttBrokerExtension implements BeforeAllCallback, AfterAllCallback {

  /** User name of the service identity every test gets. */
  public static final String SERVICE_USER = "test-service";

  private final String servicePassword = io.vigil.protocol.auth.PasswordHasher.newToken();
  private final long maxQueueSize;
  private final boolean tls;
  private EmbeddedMqttBroker broker;
  private Path dataDir;
  private TestPki pki;

  public MqttBrokerExtension() {
    this(MqttBrokerSettings.DEFAULT_MAX_QUEUE_SIZE);
  }

  /** A broker whose per-client queue holds {@code maxQueueSize} messages. */
  public MqttBrokerExtension(long maxQueueSize) {
    this(maxQueueSize, false);
  }

  private MqttBrokerExtension(long maxQueueSize, boolean tls) {
    this.maxQueueSize = maxQueueSize;
    this.tls = tls;
  }

  /**
   * A broker that also has a TLS listener with a throwaway CA ({@link TestPki}): devices may log in
   * with a client certificate the CA signed.
   */
  public static MqttBrokerExtension withTls() {
    return new MqttBrokerExtension(MqttBrokerSettings.DEFAULT_MAX_QUEUE_SIZE, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("vigil-test-mqtt");
    // A file, as in production: other components (the cloud's device admin API) write it too.
    CredentialStore store = CredentialStore.open(credentialsFile());
    store.put(new Identity.Service(SERVICE_USER), servicePassword, 1);
    MqttBrokerSettings settings =
        MqttBrokerSettings.defaults(dataDir).withPort(0).withMaxQueueSize(maxQueueSize);
    if (tls) {
      pki = TestPki.create(dataDir.resolve("pki"));
      settings =
          settings.withTls(
              new MqttBrokerSettings.TlsListener(
                  0, pki.serverKeystore(), TestPki.PASSWORD, pki.truststore(), TestPki.PASSWORD));
    }
    broker = new EmbeddedMqttBroker(settings, store).start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (broker != null) {
      broker.close();
    }
    TempDirs.deleteRecursively(dataDir);
  }

  public String serverUri() {
    return broker().serverUri();
  }

  /** {@code ssl://127.0.0.1:port} of the TLS listener ({@link #withTls()} only). */
  public String tlsServerUri() {
    return broker().tlsServerUri().orElseThrow(() -> new IllegalStateException("no TLS listener"));
  }

  /** The test CA ({@link #withTls()} only). */
  public TestPki pki() {
    if (pki == null) {
      throw new IllegalStateException("no TLS listener: use MqttBrokerExtension.withTls()");
    }
    return pki;
  }

  /** A device's TLS files: its CA-signed client certificate and the CA as truststore. */
  public TlsFiles deviceTls(DeviceAddress device) {
    try {
      return new TlsFiles(
          Optional.of(pki().clientKeystore(device.clientId())),
          TestPki.PASSWORD,
          Optional.of(pki().truststore()),
          TestPki.PASSWORD);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The broker's credential file (hashes), for components that issue or revoke devices. */
  public java.nio.file.Path credentialsFile() {
    return dataDir.resolve("mqtt-credentials");
  }

  public String servicePassword() {
    return servicePassword;
  }

  /** Issues credentials for a device and returns its password. */
  public String issueDevice(DeviceAddress device) {
    try {
      return broker().credentials().issueDeviceToken(device);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Revokes a device's credentials (its certificate no longer lets it in either). */
  public void revokeDevice(DeviceAddress device) {
    try {
      broker().credentials().revoke(device.clientId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the broker; sessions and queued messages stay on disk. */
  public void stop() {
    broker().stop();
  }

  /** Starts it again on the same port and data directory. */
  public void start() {
    try {
      broker().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** QoS 1/2 messages the broker dropped; tests of zero loss assert it stays 0. */
  public long droppedMessages() {
    return broker().droppedMessages();
  }

  private EmbeddedMqttBroker broker() {
    if (broker == null) {
      throw new IllegalStateException("the MQTT broker is not started (register the extension)");
    }
    return broker;
  }
}
