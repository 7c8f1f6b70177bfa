package io.vigil.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.cloud.auth.Role;
import io.vigil.cloud.auth.UserStore;
import io.vigil.protocol.auth.PasswordHasher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Access to a cloud service that the launcher starts itself (demo, benchmarks): a fresh token key
 * and users file for it, users it creates, and logins for its own API calls.
 */
public final class CloudAccess {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudAccess() {}

  /** Service properties: a random token key for this run and the users file in {@code dir}. */
  public static Map<String, Object> serviceProperties(Path dir) {
    return Map.of(
        "vigil.security.jwt-secret",
        PasswordHasher.newToken(),
        "vigil.security.users-file",
        usersFile(dir).toString());
  }

  public static Path usersFile(Path dir) {
    return dir.resolve("users");
  }

  /** Creates (or renews) {@code name} as a user of {@code fleet}; returns the new password. */
  public static String addUser(Path dir, String name, String fleet, Role role) throws IOException {
    return UserStore.open(usersFile(dir)).add(name, fleet, role);
  }

  /** Logs in at {@code api}/login; returns the access token. */
  public static String login(String api, String user, String password)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api + "/login"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("username", user, "password", password))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("login of " + user + " failed with HTTP " + r.statusCode());
    }
    return JSON.readTree(r.body()).path("access_token").asText();
  }

  /** A GET with a bearer token. */
  public static HttpRequest get(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer " + token)
        .build();
  }
}
