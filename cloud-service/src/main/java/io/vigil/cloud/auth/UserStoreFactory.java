package io.vigil.cloud.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The users of an API instance, from {@code vigil.security.users-file}. Created at start, so that a
 * missing token key or a broken users file stops the instance with a message, not its first login.
 */
@Factory
final class UserStoreFactory {

  @Context
  @Requires(property = "vigil.roles.api", notEquals = "false")
  UserStore users(SecuritySettings settings) {
    String secret = settings.jwtSecret();
    if (secret == null || secret.length() < SecuritySettings.MIN_SECRET_LENGTH) {
      throw new ConfigurationException(
          "vigil.security.jwt-secret (VIGIL_SECURITY_JWT_SECRET) must be set to at least "
              + SecuritySettings.MIN_SECRET_LENGTH
              + " characters, the same on every API instance");
    }
    try {
      return UserStore.open(Path.of(settings.usersFile()));
    } catch (IOException e) {
      throw new ConfigurationException("cannot read the users file: " + e.getMessage(), e);
    }
  }
}
