package io.vigil.models.pkg;

import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.ModelPackageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;

/**
 * The Ed25519 key pair that signs model packages: {@code name.pem} (private, mode 600, never
 * committed) and {@code name.pub.pem} beside it, which agents are configured to trust.
 */
public final class SigningKeys {

  private SigningKeys() {}

  /** Generates a key pair into {@code privateKey} and its {@code .pub.pem} sibling. */
  public static Path generate(Path privateKey) throws IOException {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      Ed25519Pem.write(pair.getPrivate(), privateKey);
      Path pub = publicKeyOf(privateKey);
      Ed25519Pem.write(pair.getPublic(), pub);
      return pub;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK lacks Ed25519 (Java 15+ has it)", e);
    }
  }

  /** The private key at {@code path}, generated first (with a notice) if it does not exist. */
  public static PrivateKey loadOrCreate(Path path, PrintStream out)
      throws IOException, ModelPackageException {
    if (!Files.exists(path)) {
      Path pub = generate(path);
      out.println("  generated a new signing key " + path + " (public key " + pub + ")");
    }
    return Ed25519Pem.readPrivate(path);
  }

  public static Path publicKeyOf(Path privateKey) {
    String name = privateKey.getFileName().toString().replaceFirst("\\.pem$", "");
    return privateKey.resolveSibling(name + ".pub.pem");
  }
}
