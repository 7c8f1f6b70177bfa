package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** Sends a browser at the service's root to the safety dashboard, which is static files. */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
@Requires(property = "vigil.roles.api", notEquals = "false")
public final class DashboardRedirect {

  @Get
  public HttpResponse<Void> root() {
    return HttpResponse.seeOther(URI.create("/dashboard/index.html"));
  }
}
