package io.vigil.brokers.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An OCI image tar as Jib's {@code buildTar} writes it (index, manifest, config and gzip layers),
 * read without a container engine: the tests check its configuration and run its entrypoint on its
 * unpacked layers under QEMU user-mode emulation ({@code qemu-<arch>-static -L root}), so the
 * image's own JRE and libraries run, on the image's architecture, and not the host's.
 */
public final class ContainerImage {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The parts of the image configuration a deployment depends on. */
  public record Config(
      String architecture,
      String os,
      List<String> entrypoint,
      List<String> cmd,
      String user,
      String workingDir,
      Set<String> exposedPorts,
      Map<String, String> env) {}

  private final Path layout;
  private final Config config;
  private final List<Path> layers;

  private ContainerImage(Path layout, Config config, List<Path> layers) {
    this.layout = layout;
    this.config = config;
    this.layers = layers;
  }

  /** The Jib image tar at {@code target/images/<name>-<arch>.tar} of a module. */
  public static Path built(String name, String arch) {
    return Path.of("target", "images", name + "-" + arch + ".tar");
  }

  /** Whether the build was asked for images ({@code -Pimages}), so their tars must exist. */
  public static boolean requested() {
    return Boolean.getBoolean("vigil.images");
  }

  /**
   * Unpacks {@code tar} into {@code dir} (emptied first: an unpacked image holds symbolic links to
   * absolute paths, which a JUnit temporary directory warns about one by one) and reads its single
   * manifest and configuration.
   */
  public static ContainerImage read(Path tar, Path directory)
      throws IOException, InterruptedException {
    Path dir = directory.toAbsolutePath();
    TempDirs.deleteRecursively(dir);
    Files.createDirectories(dir);
    run(dir, List.of("tar", "-xf", tar.toAbsolutePath().toString(), "-C", dir.toString()));
    JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
    if (index.path("manifests").size() != 1) {
      throw new IOException(tar + ": expected one manifest, found " + index.path("manifests"));
    }
    JsonNode manifest = JSON.readTree(blob(dir, index.path("manifests").get(0)).toFile());
    JsonNode c = JSON.readTree(blob(dir, manifest.path("config")).toFile());
    JsonNode cc = c.path("config");
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : cc.path("Env")) {
      String[] kv = e.asText().split("=", 2);
      env.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    Set<String> ports = new TreeSet<>();
    cc.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    Config config =
        new Config(
            c.path("architecture").asText(),
            c.path("os").asText(),
            strings(cc.path("Entrypoint")),
            strings(cc.path("Cmd")),
            cc.path("User").asText(),
            cc.path("WorkingDir").asText(),
            ports,
            env);
    List<Path> layers = new ArrayList<>();
    for (JsonNode l : manifest.path("layers")) {
      layers.add(blob(dir, l));
    }
    return new ContainerImage(dir, config, layers);
  }

  public Config config() {
    return config;
  }

  /** The file system of the image: every layer unpacked in order. */
  public Path unpack() throws IOException, InterruptedException {
    Path root = Files.createDirectories(layout.resolve("rootfs"));
    for (Path layer : layers) {
      run(root, List.of("tar", "-xzf", layer.toString(), "-C", root.toString()));
    }
    return root;
  }

  /**
   * A process that runs the image's entrypoint with {@code args} (instead of its Cmd) on {@code
   * root} under QEMU for the image's architecture, in the image's working directory and with its
   * environment. The JVM's class path file is expanded to paths under {@code root}, as are
   * environment values that are absolute paths: QEMU's {@code -L} maps the dynamic linker and
   * libraries into the root, not every file the program opens.
   */
  public ProcessBuilder emulate(Path root, List<String> args) throws IOException {
    List<String> entrypoint = config.entrypoint();
    String java = findOnPath(root, entrypoint.get(0));
    List<String> command = new ArrayList<>();
    command.add("qemu-" + qemuArch() + "-static");
    command.add("-L");
    command.add(root.toString());
    command.add(java);
    for (String a : entrypoint.subList(1, entrypoint.size())) {
      if (a.startsWith("@/")) {
        String classPath = Files.readString(rooted(root, a.substring(1))).trim();
        command.add(
            List.of(classPath.split(":")).stream()
                .map(p -> rooted(root, p).toString())
                .collect(Collectors.joining(":")));
      } else {
        command.add(a);
      }
    }
    command.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(rooted(root, config.workingDir()).toFile());
    config
        .env()
        .forEach(
            (k, v) ->
                pb.environment()
                    .put(
                        k,
                        v.startsWith("/") && !k.equals("PATH") ? rooted(root, v).toString() : v));
    return pb;
  }

  private String qemuArch() {
    return switch (config.architecture()) {
      case "amd64" -> "x86_64";
      case "arm64" -> "aarch64";
      default -> throw new IllegalStateException("no QEMU for " + config.architecture());
    };
  }

  private String findOnPath(Path root, String program) throws IOException {
    for (String dir : config.env().getOrDefault("PATH", "").split(":")) {
      Path candidate = rooted(root, dir + "/" + program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IOException(program + " is not on the image's PATH " + config.env().get("PATH"));
  }

  private static Path rooted(Path root, String absolute) {
    return root.resolve(absolute.replaceFirst("^/+", ""));
  }

  private static Path blob(Path dir, JsonNode descriptor) {
    String[] digest = descriptor.path("digest").asText().split(":", 2);
    return dir.resolve("blobs").resolve(digest[0]).resolve(digest[1]);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }

  private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed");
    }
  }
}
