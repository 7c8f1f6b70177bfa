package io.vigil.brokers.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority for TLS tests, made with the JDK's {@code keytool} (no extra
 * dependency): a CA, a broker certificate for {@code localhost}/{@code 127.0.0.1}, a truststore
 * holding the CA, and client certificates on demand. All files are PKCS#12 with one password.
 */
public final class TestPki {

  /** Password of every file this PKI writes. */
  public static final String PASSWORD = "vigil-test";

  private final Path dir;

  private TestPki(Path dir) {
    this.dir = dir;
  }

  /** Creates the CA, the broker's keystore and the truststore in {@code dir}. */
  public static TestPki create(Path dir) throws IOException {
    Files.createDirectories(dir);
    TestPki pki = new TestPki(dir);
    pki.keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=Vigil test CA",
        "-ext",
        "bc:c",
        "-validity",
        "3",
        "-keystore",
        pki.ca().toString());
    pki.keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        pki.ca().toString(),
        "-file",
        dir.resolve("ca.pem").toString());
    pki.importCa(pki.truststore());
    pki.signed("server", "localhost", "san=dns:localhost,ip:127.0.0.1");
    return pki;
  }

  /** The broker's certificate and key. */
  public Path serverKeystore() {
    return dir.resolve("server.p12");
  }

  /** The CA certificate, for clients (the broker's certificate) and the broker (devices'). */
  public Path truststore() {
    return dir.resolve("truststore.p12");
  }

  /** A keystore with a CA-signed client certificate whose common name is {@code commonName}. */
  public Path clientKeystore(String commonName) throws IOException {
    Path file = dir.resolve("client-" + commonName + ".p12");
    if (!Files.exists(file)) {
      signed("client-" + commonName, commonName, "eku=clientAuth");
    }
    return file;
  }

  /** A keystore whose certificate is signed by nobody the broker trusts. */
  public Path selfSignedKeystore(String commonName) throws IOException {
    Path file = dir.resolve("self-" + commonName + ".p12");
    if (!Files.exists(file)) {
      keyPair(file, commonName);
    }
    return file;
  }

  private Path ca() {
    return dir.resolve("ca.p12");
  }

  /** {@code name}.p12: a key pair whose certificate the CA signed, with the chain. */
  private void signed(String name, String commonName, String extension) throws IOException {
    Path keystore = dir.resolve(name + ".p12");
    Path csr = dir.resolve(name + ".csr");
    Path cert = dir.resolve(name + ".pem");
    keyPair(keystore, commonName);
    keytool("-certreq", "-alias", "key", "-keystore", keystore.toString(), "-file", csr.toString());
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        ca().toString(),
        "-infile",
        csr.toString(),
        "-outfile",
        cert.toString(),
        "-ext",
        extension,
        "-validity",
        "3");
    importCa(keystore);
    keytool(
        "-importcert", "-alias", "key", "-file", cert.toString(), "-keystore", keystore.toString());
  }

  /** Adds the CA's certificate to {@code keystore} (a truststore, or a key's chain). */
  private void importCa(Path keystore) throws IOException {
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        dir.resolve("ca.pem").toString(),
        "-keystore",
        keystore.toString());
  }

  /** A new EC key pair with a self-signed certificate for {@code commonName}, alias "key". */
  private void keyPair(Path keystore, String commonName) throws IOException {
    keytool(
        "-genkeypair",
        "-alias",
        "key",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + commonName,
        "-validity",
        "3",
        "-keystore",
        keystore.toString());
  }

  private void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
