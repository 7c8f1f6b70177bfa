package io.vigil.protocol.auth;

import io.vigil.protocol.topic.DeviceAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT credentials: user name → identity and password hash. Only hashes are kept. Backed by an
 * optional file, one identity per line ({@code device fleet.vehicle HASH} or {@code service name
 * HASH}, {@code #} comments), rewritten atomically on every change and read again when another
 * process (the {@code vigil device} command) changed it, so new credentials and revocations apply
 * to the next CONNECT without a broker restart.
 */
public final class CredentialStore {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);

  private record Entry(Identity identity, String hash) {}

  private volatile Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Optional<Path> file;
  private volatile FileTime loadedVersion;

  private CredentialStore(Optional<Path> file) {
    this.file = file;
  }

  /** A store that lives only in memory. */
  public static CredentialStore inMemory() {
    return new CredentialStore(Optional.empty());
  }

  /**
   * A store backed by {@code file}, read now if it exists. A malformed line is an error naming the
   * line, not a silently skipped identity.
   */
  public static CredentialStore open(Path file) throws IOException {
    CredentialStore store = new CredentialStore(Optional.of(file));
    store.entries = read(file);
    store.loadedVersion = versionOf(file);
    return store;
  }

  private static Map<String, Entry> read(Path file) throws IOException {
    Map<String, Entry> read = new ConcurrentHashMap<>();
    for (SecretFile.Line line : SecretFile.read(file)) {
      String[] fields = line.fields();
      Identity identity = fields.length == 3 ? parseIdentity(fields[0], fields[1]) : null;
      if (identity == null) {
        throw new IOException(
            file
                + " line "
                + line.number()
                + ": expected 'device FLEET.VEHICLE HASH' or 'service NAME HASH'");
      }
      read.put(identity.username(), new Entry(identity, fields[2]));
    }
    return read;
  }

  private static FileTime versionOf(Path file) throws IOException {
    return SecretFile.version(file);
  }

  /**
   * Reads the file again if another process changed it; a broken file keeps the last good state.
   */
  private void refreshIfChanged() {
    if (file.isEmpty()) {
      return;
    }
    try {
      FileTime current = versionOf(file.get());
      if (current != null && !current.equals(loadedVersion)) {
        synchronized (this) {
          entries = read(file.get());
          loadedVersion = current;
        }
      }
    } catch (IOException e) {
      LOG.warn("keeping the credentials loaded before: {}", e.getMessage());
    }
  }

  private static Identity parseIdentity(String kind, String name) {
    try {
      return switch (kind) {
        case "device" -> DeviceAddress.fromClientId(name).map(Identity.Device::new).orElse(null);
        case "service" -> new Identity.Service(name);
        default -> null;
      };
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Adds or replaces a device's credentials with a new random token, returned once. */
  public String issueDeviceToken(DeviceAddress device) throws IOException {
    String token = PasswordHasher.newToken();
    put(new Identity.Device(device), token, PasswordHasher.TOKEN_ITERATIONS);
    return token;
  }

  /** Adds or replaces an identity's password. */
  public void put(Identity identity, String secret, int iterations) throws IOException {
    entries.put(identity.username(), new Entry(identity, PasswordHasher.hash(secret, iterations)));
    save();
  }

  /** Removes an identity; true if it existed. */
  public boolean revoke(String username) throws IOException {
    boolean removed = entries.remove(username) != null;
    if (removed) {
      save();
    }
    return removed;
  }

  /** The identity whose user name and password these are, if they match. */
  public Optional<Identity> authenticate(String username, String secret) {
    if (username == null || secret == null) {
      return Optional.empty();
    }
    refreshIfChanged();
    Entry entry = entries.get(username);
    if (entry == null || !PasswordHasher.matches(secret, entry.hash())) {
      return Optional.empty();
    }
    return Optional.of(entry.identity());
  }

  public boolean contains(String username) {
    refreshIfChanged();
    return entries.containsKey(username);
  }

  /** Every user name with credentials now, read again first if the file changed. */
  public Set<String> usernames() {
    refreshIfChanged();
    return Set.copyOf(entries.keySet());
  }

  public int size() {
    return entries.size();
  }

  private synchronized void save() throws IOException {
    if (file.isEmpty()) {
      return;
    }
    Path target = file.get();
    List<String> lines = new ArrayList<>();
    lines.add(
        "# Vigil MQTT credentials: kind, user name, PBKDF2 hash. Managed by Vigil; hashes only.");
    new TreeMap<>(entries)
        .forEach(
            (name, e) ->
                lines.add(
                    (e.identity() instanceof Identity.Device ? "device " : "service ")
                        + name
                        + " "
                        + e.hash()));
    SecretFile.write(target, lines);
    loadedVersion = versionOf(target);
  }
}
