package io.vigil.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key and trust material of an {@code ssl://} connection, as PKCS#12 files. A keystore holds the
 * client's certificate and private key, for brokers that authenticate devices by certificate
 * instead of (or as well as) a password; a truststore holds the CAs trusted to sign the broker's
 * certificate. Either may be absent: then the JVM's defaults apply (no client certificate; the
 * JVM's truststore).
 *
 * @param keystore the client's certificate chain and key
 * @param keystorePassword its password
 * @param truststore the CAs trusted for the broker's certificate
 * @param truststorePassword its password
 */
public record TlsFiles(
    Optional<Path> keystore,
    String keystorePassword,
    Optional<Path> truststore,
    String truststorePassword) {

  public TlsFiles {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(keystorePassword, "keystorePassword");
    Objects.requireNonNull(truststore, "truststore");
    Objects.requireNonNull(truststorePassword, "truststorePassword");
  }

  /** A TLS socket factory with this material; the message names the file that cannot be used. */
  SSLSocketFactory socketFactory() throws MqttClientException {
    try {
      KeyManagerFactory keys = null;
      if (keystore.isPresent()) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore.get(), keystorePassword), keystorePassword.toCharArray());
      }
      TrustManagerFactory trust = null;
      if (truststore.isPresent()) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore.get(), truststorePassword));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keys == null ? null : keys.getKeyManagers(),
          trust == null ? null : trust.getTrustManagers(),
          null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new MqttClientException(
          "TLS key material cannot be used: " + e.getMessage(), MqttClientException.NO_REASON, e);
    }
  }

  private static KeyStore load(Path file, String password)
      throws GeneralSecurityException, MqttClientException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException e) {
      throw new MqttClientException(
          "cannot read the PKCS#12 file "
              + file
              + " (missing, or wrong password): "
              + e.getMessage(),
          MqttClientException.NO_REASON,
          e);
    }
  }
}
