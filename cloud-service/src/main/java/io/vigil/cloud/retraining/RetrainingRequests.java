package io.vigil.cloud.retraining;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the API checks before it asks the trainer for a job, as pure functions: one job at a time, a
 * registered parent, a candidate version not taken, and the version a candidate gets by default.
 */
public final class RetrainingRequests {

  private RetrainingRequests() {}

  /**
   * Why a job cannot be asked for, if it cannot.
   *
   * @param jobs every job so far
   * @param registered whether a version of the model is registered
   */
  public static Optional<String> refusal(
      Collection<RetrainingJob> jobs,
      String model,
      String parent,
      String candidate,
      Predicate<String> registered) {
    for (RetrainingJob j : jobs) {
      if (j.state().live()) {
        return Optional.of(
            "retraining job "
                + j.jobId()
                + " ("
                + j.model()
                + " "
                + j.candidateVersion()
                + ") is "
                + j.state().name().toLowerCase(java.util.Locale.ROOT)
                + "; one job runs at a time");
      }
    }
    if (!registered.test(parent)) {
      return Optional.of(model + " " + parent + " is not in the registry");
    }
    if (registered.test(candidate)) {
      return Optional.of(
          model + " " + candidate + " is registered already; choose another version");
    }
    if (!candidate.matches("\\d+\\.\\d+\\.\\d+")) {
      return Optional.of(
          "the candidate version must be MAJOR.MINOR.PATCH, not '" + candidate + "'");
    }
    if (parent.matches("\\d+\\.\\d+\\.\\d+") && compare(candidate, parent) <= 0) {
      return Optional.of("the candidate version must be newer than its parent " + parent);
    }
    return Optional.empty();
  }

  /** The next minor version after {@code parent} that is not registered (1.0.3 → 1.1.0). */
  public static String nextVersion(String parent, Predicate<String> registered) {
    String[] p = parent.split("[.-]");
    int major = Integer.parseInt(p[0]);
    int minor = p.length > 1 ? Integer.parseInt(p[1]) : 0;
    String v;
    do {
      minor++;
      v = major + "." + minor + ".0";
    } while (registered.test(v));
    return v;
  }

  /** The newest of {@code versions} (MAJOR.MINOR.PATCH), if any. */
  public static Optional<String> newest(Collection<String> versions) {
    return versions.stream()
        .filter(v -> v.matches("\\d+\\.\\d+\\.\\d+"))
        .max(RetrainingRequests::compare);
  }

  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < 3; i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
