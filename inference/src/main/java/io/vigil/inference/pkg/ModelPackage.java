package io.vigil.inference.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A model package that passed verification: the manifest's Ed25519 signature matches the trusted
 * public key, and the model file's SHA-256 and size match the manifest. The signature covers the
 * manifest's exact bytes, and the manifest carries the model's hash, so one signature covers both.
 *
 * <p>A package is a directory with {@value #MANIFEST}, {@value #SIGNATURE} (base64) and the model
 * file the manifest names.
 *
 * @param manifest the verified manifest
 * @param model the model file's bytes
 * @param golden the golden self-test, verified like the model, if the package has one
 */
public record ModelPackage(
    PackageManifest manifest, byte[] model, java.util.Optional<GoldenSet> golden) {

  public static final String MANIFEST = "manifest.json";
  public static final String SIGNATURE = "manifest.sig";

  /** Reads and verifies the package in {@code dir}; nothing unverified is parsed or returned. */
  public static ModelPackage load(Path dir, PublicKey trusted) throws ModelPackageException {
    byte[] manifestBytes = read(dir.resolve(MANIFEST));
    byte[] signature = decodeSignature(read(dir.resolve(SIGNATURE)), dir.resolve(SIGNATURE));
    if (!verifies(manifestBytes, signature, trusted)) {
      throw new ModelPackageException(
          ModelPackageException.Problem.SIGNATURE_INVALID,
          dir.resolve(SIGNATURE)
              + ": the signature does not match manifest.json and the trusted public key");
    }
    PackageManifest manifest = ManifestJson.read(manifestBytes);
    Path modelFile = dir.resolve(manifest.model().file());
    byte[] model = read(modelFile);
    String actual = sha256(model);
    if (model.length != manifest.model().sizeBytes() || !actual.equals(manifest.model().sha256())) {
      throw new ModelPackageException(
          ModelPackageException.Problem.HASH_MISMATCH,
          modelFile
              + ": SHA-256 "
              + actual
              + " ("
              + model.length
              + " bytes) does not match the manifest's "
              + manifest.model().sha256()
              + " ("
              + manifest.model().sizeBytes()
              + " bytes)");
    }
    java.util.Optional<GoldenSet> golden = java.util.Optional.empty();
    if (manifest.golden() != null) {
      Path goldenFile = dir.resolve(manifest.golden().file());
      byte[] bytes = read(goldenFile);
      if (!sha256(bytes).equals(manifest.golden().sha256())) {
        throw new ModelPackageException(
            ModelPackageException.Problem.HASH_MISMATCH,
            goldenFile
                + ": SHA-256 "
                + sha256(bytes)
                + " does not match the manifest's "
                + manifest.golden().sha256());
      }
      golden =
          java.util.Optional.of(
              GoldenSet.fromJson(
                  bytes,
                  manifest.input().channels().size(),
                  manifest.input().windowSamples(),
                  manifest.classes().size()));
    }
    return new ModelPackage(manifest, model, golden);
  }

  /** Signs {@code manifestBytes}; the base64 text to store in {@value #SIGNATURE}. */
  public static String sign(byte[] manifestBytes, java.security.PrivateKey key) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(manifestBytes);
      return Base64.getEncoder().encodeToString(s.sign()) + "\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static boolean verifies(byte[] data, byte[] signature, PublicKey key)
      throws ModelPackageException {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (java.security.InvalidKeyException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.KEY_INVALID, "the trusted key is not an Ed25519 key", e);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] decodeSignature(byte[] text, Path file) throws ModelPackageException {
    try {
      return Base64.getMimeDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.SIGNATURE_INVALID, file + " is not base64", e);
    }
  }

  private static byte[] read(Path file) throws ModelPackageException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.MISSING_FILE, file + " is missing", e);
    } catch (IOException e) {
      throw new ModelPackageException(
          ModelPackageException.Problem.MISSING_FILE, "cannot read " + file + ": " + e, e);
    }
  }
}
