package io.vigil.cloud.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Checks a login (POST /login) against the {@link UserStore}. Runs on the blocking executor: PBKDF2
 * is deliberately slow. The token it leads to carries the user's roles and fleet ({@value
 * #FLEET_CLAIM} claim).
 */
@Singleton
@Requires(beans = UserStore.class)
final class UserAuthentication<B> implements HttpRequestExecutorAuthenticationProvider<B> {

  /** The JWT claim (and authentication attribute) naming the user's fleet. */
  static final String FLEET_CLAIM = "fleet";

  private final UserStore users;

  UserAuthentication(UserStore users) {
    this.users = users;
  }

  @Override
  public AuthenticationResponse authenticate(
      HttpRequest<B> request, AuthenticationRequest<String, String> login) {
    return users
        .authenticate(login.getIdentity(), login.getSecret())
        .map(
            u ->
                AuthenticationResponse.success(
                    u.name(), u.role().granted(), Map.of(FLEET_CLAIM, u.fleet())))
        .orElseGet(
            () ->
                AuthenticationResponse.failure(
                    AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH));
  }
}
