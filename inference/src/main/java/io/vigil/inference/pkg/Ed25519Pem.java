package io.vigil.inference.pkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads and writes Ed25519 keys as PEM files (X.509 "PUBLIC KEY", PKCS#8 "PRIVATE KEY"), the format
 * {@code openssl genpkey -algorithm ed25519} produces, with the JDK's own crypto.
 */
public final class Ed25519Pem {

  private static final String PUBLIC = "PUBLIC KEY";
  private static final String PRIVATE = "PRIVATE KEY";

  private Ed25519Pem() {}

  public static PublicKey readPublic(Path file) throws ModelPackageException {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(body(file, PUBLIC)));
    } catch (GeneralSecurityException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.KEY_INVALID, file + " is not an Ed25519 public key", e);
    }
  }

  public static PrivateKey readPrivate(Path file) throws ModelPackageException {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(body(file, PRIVATE)));
    } catch (GeneralSecurityException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.KEY_INVALID, file + " is not an Ed25519 private key", e);
    }
  }

  /** Writes {@code key} as PEM; private keys get owner-only permissions where the OS has them. */
  public static void write(Key key, Path file) throws IOException {
    String type = key instanceof PrivateKey ? PRIVATE : PUBLIC;
    String pem =
        "-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
            + "\n-----END "
            + type
            + "-----\n";
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    if (key instanceof PrivateKey) {
      try {
        Files.setPosixFilePermissions(
            file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the caller's umask applies
      }
    }
  }

  private static byte[] body(Path file, String type) throws ModelPackageException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.KEY_INVALID, "cannot read key file " + file, e);
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new ModelPackageException(
          ModelPackageException.Problem.KEY_INVALID,
          file + " is not a PEM file with a " + type + " block");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.KEY_INVALID, file + " has a damaged base64 body", e);
    }
  }
}
