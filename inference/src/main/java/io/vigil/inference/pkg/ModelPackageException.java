package io.vigil.inference.pkg;

/**
 * A model package that must not be loaded, with what is wrong with it. The message names the file
 * and the problem so that an operator can act on it without a stack trace.
 */
public final class ModelPackageException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What is wrong with a package. */
  public enum Problem {
    /** A file of the package is absent or unreadable. */
    MISSING_FILE,
    /** The manifest is not valid JSON or lacks a required field. */
    MANIFEST_INVALID,
    /** The Ed25519 signature does not verify with the configured public key. */
    SIGNATURE_INVALID,
    /** The model file's SHA-256 or size differs from the manifest's. */
    HASH_MISMATCH,
    /** ONNX Runtime cannot load the model, or its inputs and outputs differ from the manifest. */
    MODEL_INVALID,
    /** A key file is missing or not an Ed25519 key. */
    KEY_INVALID,
    /** A package archive received for an update is not a small, flat zip of plain files. */
    ARCHIVE_INVALID
  }

  private final Problem problem;

  public ModelPackageException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  public ModelPackageException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
