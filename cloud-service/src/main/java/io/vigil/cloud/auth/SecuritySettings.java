package io.vigil.cloud.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Who may use the API and dashboard ({@code vigil.security.*}).
 *
 * @param usersFile the users file, {@code NAME FLEET ROLE HASH} per line (default
 *     .vigil/cloud/users); manage it with {@code vigil user add/remove}
 * @param deviceCredentialsFile the MQTT broker's credential file, where device credentials issued
 *     through the API go (default .vigil/dev-stack/mqtt-credentials, the dev stack's)
 * @param jwtSecret HMAC-SHA256 key that signs and checks access tokens, at least 32 characters, the
 *     same on every API instance (no default: set VIGIL_SECURITY_JWT_SECRET)
 * @param brokerHookKey shared key an external MQTT broker (EMQX) sends in the {@code
 *     X-Vigil-Hook-Key} header of its authentication requests to {@code /mqtt/v1/authenticate} (no
 *     default: unset turns the hook off; set VIGIL_SECURITY_BROKER_HOOK_KEY)
 */
@ConfigurationProperties("vigil.security")
public record SecuritySettings(
    @Bindable(defaultValue = ".vigil/cloud/users") String usersFile,
    @Bindable(defaultValue = ".vigil/dev-stack/mqtt-credentials") String deviceCredentialsFile,
    @Nullable String jwtSecret,
    @Nullable String brokerHookKey) {

  /** Shortest secret that gives HS256 its full strength. */
  public static final int MIN_SECRET_LENGTH = 32;
}
