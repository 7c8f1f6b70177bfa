package io.vigil.brokers.testkit;

import io.vigil.brokers.auth.CredentialStore;
import io.vigil.brokers.auth.Identity;
import io.vigil.brokers.mqtt.EmbeddedMqttBroker;
import io.vigil.brokers.mqtt.MqttBrokerSettings;
import io.vigil.protocol.topic.DeviceAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private final String servicePassword = io.vigil.brokers.auth.PasswordHasher.newToken();
  private final long maxQueueSize;
  private EmbeddedMqttBroker broker;
  private Path dataDir;

  public MqttBrokerExtension() {
    this(MqttBrokerSettings.DEFAULT_MAX_QUEUE_SIZE);
  }

  /** A broker whose per-client queue holds {@code maxQueueSize} messages. */
  public MqttBrokerExtension(long maxQueueSize) {
    this.maxQueueSize = maxQueueSize;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("vigil-test-mqtt");
    CredentialStore store = CredentialStore.inMemory();
    store.put(new Identity.Service(SERVICE_USER), servicePassword, 1);
    broker =
        new EmbeddedMqttBroker(
                MqttBrokerSettings.defaults(dataDir).withPort(0).withMaxQueueSize(maxQueueSize),
                store)
            .start();
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
