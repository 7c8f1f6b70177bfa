package io.vigil.protocol.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes in the self-describing form {@code
 * pbkdf2-sha256$iterations$salt$hash} (base64), so that the work factor can rise without breaking
 * stored hashes. Generated device secrets are 256-bit random tokens, which no work factor needs to
 * protect; human-chosen passwords get {@link #HUMAN_ITERATIONS}.
 */
public final class PasswordHasher {

  /** Work factor for human-chosen passwords (OWASP 2023 recommends 600,000 for SHA-256). */
  public static final int HUMAN_ITERATIONS = 600_000;

  /** Work factor for generated 256-bit tokens: brute force is infeasible at any factor. */
  public static final int TOKEN_ITERATIONS = 1_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHasher() {}

  /** Hashes {@code secret} with a fresh salt. */
  public static String hash(String secret, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64(salt)
        + "$"
        + b64(derive(secret, salt, iterations));
  }

  /** Whether {@code secret} matches {@code encoded}; false for a malformed hash. */
  public static boolean matches(String secret, String encoded) {
    String[] parts = encoded.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      if (iterations < 1 || iterations > 10_000_000) {
        return false;
      }
      return MessageDigest.isEqual(expected, derive(secret, salt, iterations));
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  /** A new random 256-bit token, URL-safe base64 without padding (43 characters). */
  public static String newToken() {
    byte[] token = new byte[32];
    RANDOM.nextBytes(token);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  private static byte[] derive(String secret, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(spec)
            .getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }
}
