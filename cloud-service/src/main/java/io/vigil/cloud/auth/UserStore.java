package io.vigil.cloud.auth;

import io.vigil.protocol.auth.PasswordHasher;
import io.vigil.protocol.auth.SecretFile;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's users, one per line of a file ({@code NAME FLEET ROLE HASH}, {@code #} comments),
 * hashes only. The file is read again when another process (the {@code vigil user} command) changed
 * it, so a new user can log in without a restart; a malformed line is an error naming the line.
 */
public final class UserStore {

  private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);

  private final Path file;
  private volatile Map<String, User> users;
  private volatile FileTime loadedVersion;

  private UserStore(Path file, Map<String, User> users, FileTime version) {
    this.file = file;
    this.users = users;
    this.loadedVersion = version;
  }

  /** The store in {@code file}, empty if the file does not exist yet. */
  public static UserStore open(Path file) throws IOException {
    return new UserStore(file, read(file), versionOf(file));
  }

  private static Map<String, User> read(Path file) throws IOException {
    Map<String, User> read = new TreeMap<>();
    for (SecretFile.Line line : SecretFile.read(file)) {
      String[] f = line.fields();
      try {
        if (f.length != 4) {
          throw new IllegalArgumentException("expected NAME FLEET ROLE HASH");
        }
        read.put(f[0], new User(f[0], f[1], Role.named(f[2]), f[3]));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + line.number() + ": " + e.getMessage(), e);
      }
    }
    return read;
  }

  private static FileTime versionOf(Path file) throws IOException {
    return SecretFile.version(file);
  }

  /**
   * Adds or replaces a user with a new random password, returned once. The password is a 256-bit
   * random token, so the hash needs no human-password work factor.
   */
  public synchronized String add(String name, String fleet, Role role) throws IOException {
    refreshIfChanged();
    String password = PasswordHasher.newToken();
    User user =
        new User(name, fleet, role, PasswordHasher.hash(password, PasswordHasher.TOKEN_ITERATIONS));
    Map<String, User> next = new TreeMap<>(users);
    next.put(name, user);
    save(next);
    return password;
  }

  /** Removes a user; true if there was one. */
  public synchronized boolean remove(String name) throws IOException {
    refreshIfChanged();
    Map<String, User> next = new TreeMap<>(users);
    if (next.remove(name) == null) {
      return false;
    }
    save(next);
    return true;
  }

  /** The user with this name and password, if they match. */
  public Optional<User> authenticate(String name, String password) {
    if (name == null || password == null) {
      return Optional.empty();
    }
    refreshIfChanged();
    User user = users.get(name);
    return user != null && PasswordHasher.matches(password, user.hash())
        ? Optional.of(user)
        : Optional.empty();
  }

  /** The user named {@code name}, if any. */
  public Optional<User> find(String name) {
    refreshIfChanged();
    return Optional.ofNullable(users.get(name));
  }

  private void save(Map<String, User> next) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("# Vigil dashboard users: name, fleet, role, PBKDF2 hash. Managed by Vigil.");
    next.values()
        .forEach(
            u ->
                lines.add(u.name() + " " + u.fleet() + " " + u.role().wireName() + " " + u.hash()));
    SecretFile.write(file, lines);
    users = next;
    loadedVersion = versionOf(file);
  }

  private void refreshIfChanged() {
    try {
      FileTime current = versionOf(file);
      if (current != null && !current.equals(loadedVersion)) {
        synchronized (this) {
          users = read(file);
          loadedVersion = current;
        }
      }
    } catch (IOException e) {
      LOG.warn("keeping the users loaded before: {}", e.getMessage());
    }
  }
}
