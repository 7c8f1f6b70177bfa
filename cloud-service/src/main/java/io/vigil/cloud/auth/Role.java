package io.vigil.cloud.auth;

import java.util.List;
import java.util.Locale;

/**
 * What a dashboard user may do. Each role includes the ones below it: a reviewer is also a viewer,
 * an admin also a reviewer. Tokens carry every role their user holds, so {@code @Secured} names the
 * least role an endpoint needs.
 */
public enum Role {
  /** Reads scores, leaderboards, events and vehicles of the user's fleet. */
  VIEWER,
  /** Also confirms, dismisses and relabels events. */
  REVIEWER,
  /** Also manages model rollout, device credentials and configuration. */
  ADMIN;

  /** Role names as they appear in tokens and {@code @Secured}. */
  public static final String VIEWER_NAME = "viewer";

  public static final String REVIEWER_NAME = "reviewer";
  public static final String ADMIN_NAME = "admin";

  /** The name in tokens and files. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** This role and every role it includes. */
  public List<String> granted() {
    return java.util.Arrays.stream(values())
        .filter(r -> r.ordinal() <= ordinal())
        .map(Role::wireName)
        .toList();
  }

  /** The role named {@code name}; fails with the accepted names. */
  public static Role named(String name) {
    for (Role r : values()) {
      if (r.wireName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + name + "' (viewer, reviewer or admin)");
  }
}
