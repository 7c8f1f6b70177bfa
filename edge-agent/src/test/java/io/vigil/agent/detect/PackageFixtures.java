package io.vigil.agent.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.brokers.testkit.SignedPackages;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.function.Consumer;

/** Copies of the shipped model package, altered and signed again with a throwaway key. */
public final class PackageFixtures {

  public static final Path SHIPPED = io.vigil.agent.testing.AgentTestKit.SHIPPED;

  private PackageFixtures() {}

  /** A fresh Ed25519 key pair. */
  public static KeyPair keys() throws Exception {
    return SignedPackages.keys();
  }

  /**
   * Copies the shipped package to {@code dir}, lets {@code alterGolden} change its golden file,
   * updates the manifest's hash of it and signs the manifest with {@code keys}.
   */
  public static Path copy(Path dir, KeyPair keys, Consumer<ObjectNode> alterGolden)
      throws Exception {
    return copy(dir, keys, "1.0.0", alterGolden);
  }

  /** As {@link #copy(Path, KeyPair, Consumer)}, with another version in the manifest. */
  public static Path copy(Path dir, KeyPair keys, String version, Consumer<ObjectNode> alterGolden)
      throws Exception {
    return SignedPackages.copy(SHIPPED, dir, keys, version, m -> {}, alterGolden);
  }

  /** Swaps the expected probabilities of the first two classes of every golden window. */
  public static void swapFirstClasses(ObjectNode golden) {
    SignedPackages.swapFirstClasses(golden);
  }
}
