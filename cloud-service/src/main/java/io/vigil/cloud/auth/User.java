package io.vigil.cloud.auth;

import io.vigil.protocol.topic.SafeId;
import java.util.Objects;

/**
 * A dashboard user: a name, the one fleet they see, their role and a password hash ({@code
 * PasswordHasher} form). Users never see another fleet.
 *
 * @param name login name ([A-Za-z0-9_-]{1,64}, like every Vigil id: it is also the reviewer id)
 * @param fleet fleet id
 * @param role what the user may do
 * @param hash PBKDF2 hash of the password
 */
public record User(String name, String fleet, Role role, String hash) {

  public User {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(hash, "hash");
    SafeId.require(name, "user name");
    SafeId.require(fleet, "fleet");
  }
}
