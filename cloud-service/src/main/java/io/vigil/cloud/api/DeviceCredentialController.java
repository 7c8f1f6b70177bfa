package io.vigil.cloud.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.auth.SecuritySettings;
import io.vigil.protocol.auth.CredentialStore;
import io.vigil.protocol.topic.DeviceAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Device MQTT credentials, issued and revoked by a fleet's admin. They are written (as hashes) to
 * the credential file the MQTT broker authenticates against, so only provisioned devices connect;
 * the broker disconnects a revoked device within about a second.
 */
@Controller("/api/v1/fleets/{fleetId}/devices/{vehicleId}/credentials")
@Secured(Role.ADMIN_NAME)
@ProblemResponses
@Requires(property = "vigil.roles.api", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class DeviceCredentialController {

  private final Path file;

  DeviceCredentialController(SecuritySettings settings) {
    this.file = Path.of(settings.deviceCredentialsFile());
  }

  /**
   * Issues new credentials for the vehicle (replacing any it had): its MQTT user name and client
   * id, and a random password shown only in this response.
   */
  @Post
  public HttpResponse<Map<String, String>> issue(String fleetId, String vehicleId) {
    DeviceAddress device = device(fleetId, vehicleId);
    try {
      String password = CredentialStore.open(file).issueDeviceToken(device);
      return HttpResponse.created(
          Map.of(
              "device", device.toString(),
              "username", device.clientId(),
              "clientId", device.clientId(),
              "password", password));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the device credentials", e);
    }
  }

  /** Revokes the vehicle's credentials: it can no longer connect, and is disconnected if it is. */
  @Delete
  public HttpResponse<Void> revoke(String fleetId, String vehicleId) {
    DeviceAddress device = device(fleetId, vehicleId);
    try {
      if (!CredentialStore.open(file).revoke(device.clientId())) {
        throw new HttpStatusException(HttpStatus.NOT_FOUND, "no credentials for " + device);
      }
      return HttpResponse.noContent();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the device credentials", e);
    }
  }

  private static DeviceAddress device(String fleetId, String vehicleId) {
    try {
      return new DeviceAddress(fleetId, vehicleId);
    } catch (IllegalArgumentException e) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
  }
}
