package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.vigil.cloud.app.MqttSettings;
import io.vigil.cloud.auth.BrokerLogin;
import io.vigil.cloud.auth.SecuritySettings;
import io.vigil.protocol.auth.CredentialStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT broker cluster's authentication hook (EMQX's HTTP authenticator, see deploy/kubernetes):
 * the broker posts each CONNECT's client id, user name and password, and the service answers allow
 * with the client's topic ACL, or deny ({@link BrokerLogin}). The broker proves itself with the
 * shared key {@code vigil.security.broker-hook-key} in the {@code X-Vigil-Hook-Key} header; without
 * a configured key the hook does not exist (404).
 */
@Controller("/mqtt/v1/authenticate")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(property = "vigil.roles.api", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class BrokerHookController {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerHookController.class);

  private final Path credentials;
  private final String hookKey;
  private final MqttSettings mqtt;
  // One store for all requests: it reads the file again only when it changed (an admin on any
  // instance issued or revoked credentials), not on every CONNECT of a reconnect storm.
  private volatile CredentialStore devices;

  BrokerHookController(SecuritySettings security, MqttSettings mqtt) {
    this.credentials = Path.of(security.deviceCredentialsFile());
    this.hookKey = security.brokerHookKey();
    this.mqtt = mqtt;
  }

  /** Decides one MQTT login. */
  @Post
  public HttpResponse<Map<String, Object>> authenticate(
      @Header("X-Vigil-Hook-Key") @io.micronaut.core.annotation.Nullable String key,
      @Body BrokerLogin.Request request) {
    if (hookKey == null || hookKey.isEmpty()) {
      throw new HttpStatusException(HttpStatus.NOT_FOUND, "the broker hook is not configured");
    }
    if (key == null
        || !MessageDigest.isEqual(
            key.getBytes(StandardCharsets.UTF_8), hookKey.getBytes(StandardCharsets.UTF_8))) {
      return HttpResponse.unauthorized();
    }
    BrokerLogin.Decision decision =
        BrokerLogin.decide(request, devices(), mqtt.username(), mqtt.password());
    if (decision.allowed()) {
      LOG.debug("broker login of '{}' allowed", decision.reason());
    } else {
      LOG.info("broker login refused: {}", decision.reason());
    }
    return HttpResponse.ok(decision.body());
  }

  private CredentialStore devices() {
    CredentialStore d = devices;
    if (d == null) {
      try {
        d = CredentialStore.open(credentials);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the device credentials", e);
      }
      devices = d;
    }
    return d;
  }
}
