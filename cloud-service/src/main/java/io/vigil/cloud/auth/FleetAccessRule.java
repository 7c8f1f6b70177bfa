package io.vigil.cloud.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.ConfigurationInterceptUrlMapRule;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Fleet isolation: a request for {@code /api/v1/fleets/{fleet}/…} is rejected (403) unless the
 * token's fleet claim names that fleet, whatever the role. It runs before the role rules, so no
 * endpoint can forget it; requests outside a fleet's paths are left to them.
 */
@Singleton
final class FleetAccessRule implements SecurityRule<HttpRequest<?>> {

  static final String PREFIX = "/api/v1/fleets/";

  /** Before Micronaut's rules (whose first non-UNKNOWN answer would otherwise decide). */
  static final int ORDER =
      Math.min(SecuredAnnotationRule.ORDER, ConfigurationInterceptUrlMapRule.ORDER) - 100;

  @Override
  public Publisher<SecurityRuleResult> check(
      HttpRequest<?> request, @Nullable Authentication authentication) {
    String path = request.getPath();
    if (!path.startsWith(PREFIX)) {
      return Publishers.just(SecurityRuleResult.UNKNOWN);
    }
    if (authentication == null) {
      // Unauthenticated: the role rules answer 401.
      return Publishers.just(SecurityRuleResult.UNKNOWN);
    }
    int end = path.indexOf('/', PREFIX.length());
    String fleet = path.substring(PREFIX.length(), end < 0 ? path.length() : end);
    Object claim = authentication.getAttributes().get(UserAuthentication.FLEET_CLAIM);
    return Publishers.just(
        fleet.equals(claim) ? SecurityRuleResult.UNKNOWN : SecurityRuleResult.REJECTED);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
