package io.vigil.brokers.mqtt;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.vigil.protocol.auth.CredentialStore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HiveMQ extension that makes the broker authenticate against Vigil's credentials. Registered
 * as an embedded extension; HiveMQ CE allows everyone without one. Once a second it disconnects the
 * sessions whose credentials were revoked (by {@code vigil device revoke} or the cloud's admin API,
 * in this process or another), so a revoked device is out within about a second, not at its next
 * reconnect; its will publishes its offline status.
 */
final class VigilAuthExtension implements ExtensionMain {

  private static final Logger LOG = LoggerFactory.getLogger(VigilAuthExtension.class);

  private final CredentialAuthenticator authenticator;

  VigilAuthExtension(CredentialStore store) {
    this.authenticator = new CredentialAuthenticator(store);
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
    Services.extensionExecutorService()
        .scheduleWithFixedDelay(this::disconnectRevoked, 1, 1, TimeUnit.SECONDS);
  }

  private void disconnectRevoked() {
    for (String clientId : authenticator.revokedClients()) {
      LOG.info("disconnecting client '{}': its credentials were revoked", clientId);
      Services.clientService()
          .disconnectClient(
              clientId, false, DisconnectReasonCode.NOT_AUTHORIZED, "credentials revoked");
    }
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
}
