package io.vigil.brokers.mqtt;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.vigil.brokers.auth.CredentialStore;

/**
 * The HiveMQ extension that makes the broker authenticate against Vigil's credentials. Registered
 * as an embedded extension; HiveMQ CE allows everyone without one.
 */
final class VigilAuthExtension implements ExtensionMain {

  private final CredentialAuthenticator authenticator;

  VigilAuthExtension(CredentialStore store) {
    this.authenticator = new CredentialAuthenticator(store);
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
}
