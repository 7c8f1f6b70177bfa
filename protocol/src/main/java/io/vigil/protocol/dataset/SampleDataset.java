package io.vigil.protocol.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.WindowSample;
import io.vigil.protocol.json.ProtocolCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A versioned training dataset made of the cloud's training samples: one directory with {@code
 * samples.jsonl.gz} (one {@link TrainingSample} per line, the latest per event: a review supersedes
 * the unreviewed sample and earlier reviews) and {@code manifest.json} (version, when, counts per
 * label, the events' time range, the source, and a SHA-256 fingerprint of the uncompressed lines),
 * which {@code vigil-models} checks before it trains on the data. Labels: {@code unreviewed},
 * {@code normal} for a dismissed event, otherwise the reviewed type (with its direction). Beside
 * them, {@code windows.jsonl.gz} holds the unflagged stretches agents uploaded on request ({@link
 * WindowSample}, normal driving the model did not flag), with their own count and fingerprint in
 * the manifest; a dataset written before they existed has neither, and no windows.
 */
public final class SampleDataset {

  /** The samples file of a dataset directory. */
  public static final String SAMPLES = "samples.jsonl.gz";

  /** The unflagged stretches of a dataset directory. */
  public static final String WINDOWS = "windows.jsonl.gz";

  /** The manifest of a dataset directory. */
  public static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SampleDataset() {}

  /**
   * What a dataset holds.
   *
   * @param version the dataset's version (its directory name)
   * @param created when it was written
   * @param samples samples in it, one per event
   * @param labels samples per label ({@code unreviewed}, {@code normal}, or a type)
   * @param from the earliest event time, if any
   * @param to the latest event time, if any
   * @param source where the samples came from (e.g. the Kafka topic and its end offsets)
   * @param sha256 SHA-256 of the uncompressed samples, hex
   * @param windows unflagged stretches in it
   * @param windowsSha256 SHA-256 of the uncompressed stretches, hex; empty for a dataset without
   *     its windows file
   */
  public record Manifest(
      String version,
      Instant created,
      long samples,
      Map<String, Long> labels,
      Optional<Instant> from,
      Optional<Instant> to,
      String source,
      String sha256,
      long windows,
      String windowsSha256) {
    public Manifest {
      labels = Map.copyOf(labels);
    }

    /** Samples with a review. */
    public long reviewed() {
      return samples - labels.getOrDefault(UNREVIEWED, 0L);
    }
  }

  /** The label of unreviewed samples. */
  public static final String UNREVIEWED = "unreviewed";

  /** The label of {@code sample} in a manifest. */
  public static String label(TrainingSample sample) {
    if (sample.review().isEmpty()) {
      return UNREVIEWED;
    }
    return sample
        .truth()
        .map(t -> t.type().wireName() + t.direction().map(d -> "-" + d.wireName()).orElse(""))
        .orElse("normal");
  }

  /**
   * Keeps the latest sample of each event, in the order they are added (a topic's order): later
   * samples of an event supersede earlier ones.
   */
  public static final class Latest {
    private final Map<UUID, TrainingSample> byEvent = new LinkedHashMap<>();

    public void add(TrainingSample sample) {
      byEvent.put(sample.event().eventId(), sample);
    }

    /** The kept samples, by event time, then id (a stable order: the same data, the same file). */
    public List<TrainingSample> samples() {
      List<TrainingSample> out = new ArrayList<>(byEvent.values());
      out.sort(
          Comparator.comparing((TrainingSample s) -> s.event().deviceTime())
              .thenComparing(s -> s.event().eventId()));
      return out;
    }
  }

  /**
   * Writes {@code samples} as dataset {@code version} into {@code parent/version}, which must not
   * exist yet (a dataset is never overwritten), and returns its manifest.
   */
  public static Manifest write(
      Path parent,
      String version,
      List<TrainingSample> samples,
      String source,
      Instant created,
      ProtocolCodec codec)
      throws IOException {
    return write(parent, version, samples, List.of(), source, created, codec);
  }

  /** {@link #write}, with the unflagged stretches agents uploaded. */
  public static Manifest write(
      Path parent,
      String version,
      List<TrainingSample> samples,
      List<WindowSample> windows,
      String source,
      Instant created,
      ProtocolCodec codec)
      throws IOException {
    Path dir = parent.resolve(version);
    if (Files.exists(dir)) {
      throw new IOException("dataset " + dir + " exists already; datasets are never overwritten");
    }
    Path tmp = Files.createDirectories(parent).resolve("." + version + ".partial");
    Files.createDirectories(tmp);
    Map<String, Long> labels = new TreeMap<>();
    Instant from = null;
    Instant to = null;
    for (TrainingSample s : samples) {
      labels.merge(label(s), 1L, Long::sum);
      Instant t = s.event().deviceTime();
      from = from == null || t.isBefore(from) ? t : from;
      to = to == null || t.isAfter(to) ? t : to;
    }
    String samplesSha = writeLines(tmp.resolve(SAMPLES), samples, codec);
    String windowsSha = writeLines(tmp.resolve(WINDOWS), windows, codec);
    Manifest m =
        new Manifest(
            version,
            created,
            samples.size(),
            labels,
            Optional.ofNullable(from),
            Optional.ofNullable(to),
            source,
            samplesSha,
            windows.size(),
            windowsSha);
    JSON.writeValue(tmp.resolve(MANIFEST).toFile(), toJson(m));
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    return m;
  }

  /** Writes one message per line, gzipped; returns the SHA-256 of the uncompressed lines, hex. */
  private static String writeLines(
      Path file, List<? extends io.vigil.protocol.VigilMessage> messages, ProtocolCodec codec)
      throws IOException {
    MessageDigest sha = sha256();
    try (OutputStream raw = Files.newOutputStream(file);
        GZIPOutputStream gz = new GZIPOutputStream(raw);
        DigestOutputStream out = new DigestOutputStream(gz, sha)) {
      for (io.vigil.protocol.VigilMessage m : messages) {
        out.write(codec.encode(m));
        out.write('\n');
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Reads the manifest of dataset {@code dir} and checks its samples against the fingerprint; an
   * IOException names the dataset and what does not match.
   */
  public static Manifest verify(Path dir) throws IOException {
    return verified(dir, null, null);
  }

  /** A dataset's manifest, its samples and its unflagged stretches, in file order. */
  public record Contents(
      Manifest manifest, List<TrainingSample> samples, List<WindowSample> windows) {
    public Contents {
      samples = List.copyOf(samples);
      windows = List.copyOf(windows);
    }
  }

  /**
   * Reads dataset {@code dir} in one pass, checked against its fingerprint as {@link #verify} does;
   * a line that is not a training sample is an IOException naming the dataset and the line.
   */
  public static Contents read(Path dir, ProtocolCodec codec) throws IOException {
    List<String> lines = new ArrayList<>();
    List<String> windowLines = new ArrayList<>();
    Manifest m = verified(dir, lines, windowLines);
    return new Contents(
        m,
        decode(dir, SAMPLES, lines, TrainingSample.class, codec),
        decode(dir, WINDOWS, windowLines, WindowSample.class, codec));
  }

  private static <T extends io.vigil.protocol.VigilMessage> List<T> decode(
      Path dir, String file, List<String> lines, Class<T> type, ProtocolCodec codec)
      throws IOException {
    List<T> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      try {
        out.add(codec.decode(lines.get(i).getBytes(StandardCharsets.UTF_8), type));
      } catch (io.vigil.protocol.json.InvalidMessageException e) {
        throw new IOException(
            "dataset " + dir + ": " + file + " line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** Checks the dataset; with {@code keep} and {@code keepWindows}, also hands back its lines. */
  private static Manifest verified(Path dir, List<String> keep, List<String> keepWindows)
      throws IOException {
    Path manifestFile = dir.resolve(MANIFEST);
    Path samples = dir.resolve(SAMPLES);
    if (!Files.isRegularFile(manifestFile) || !Files.isRegularFile(samples)) {
      throw new IOException(
          "dataset " + dir + ": needs " + MANIFEST + " and " + SAMPLES + " (vigil export-samples)");
    }
    Manifest m;
    try {
      m = fromJson(JSON.readTree(manifestFile.toFile()));
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "dataset " + dir + ": " + MANIFEST + " is not readable: " + e.getMessage());
    }
    check(dir, samples, SAMPLES, m.samples(), m.sha256(), keep);
    if (!m.windowsSha256().isEmpty()) {
      check(dir, dir.resolve(WINDOWS), WINDOWS, m.windows(), m.windowsSha256(), keepWindows);
    }
    return m;
  }

  /** Checks one gzipped JSON-lines file against its count and fingerprint. */
  private static void check(
      Path dir, Path file, String name, long expectedLines, String expectedSha, List<String> keep)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "dataset " + dir + ": its manifest lists " + name + ", which is missing");
    }
    MessageDigest sha = sha256();
    long lines = 0;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        sha.update(line.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
        lines++;
        if (keep != null) {
          keep.add(line);
        }
      }
    } catch (IOException e) {
      throw new IOException("dataset " + dir + ": " + name + " is not readable: " + e.getMessage());
    }
    String actual = HexFormat.of().formatHex(sha.digest());
    if (!actual.equals(expectedSha) || lines != expectedLines) {
      throw new IOException(
          String.format(
              "dataset %s: %s does not match its manifest (%d lines, sha256 %s; the manifest says"
                  + " %d lines, sha256 %s)",
              dir, name, lines, actual, expectedLines, expectedSha));
    }
  }

  private static ObjectNode toJson(Manifest m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("version", m.version());
    o.put("created", m.created().toString());
    o.put("samples", m.samples());
    o.put("reviewed", m.reviewed());
    ObjectNode labels = o.putObject("labels");
    m.labels().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> labels.put(e.getKey(), e.getValue()));
    m.from().ifPresent(t -> o.put("from", t.toString()));
    m.to().ifPresent(t -> o.put("to", t.toString()));
    o.put("source", m.source());
    o.put("sha256", m.sha256());
    if (!m.windowsSha256().isEmpty()) {
      o.putObject("windows").put("count", m.windows()).put("sha256", m.windowsSha256());
    }
    return o;
  }

  private static Manifest fromJson(JsonNode o) {
    Map<String, Long> labels = new TreeMap<>();
    o.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asLong()));
    return new Manifest(
        require(o, "version").asText(),
        Instant.parse(require(o, "created").asText()),
        require(o, "samples").asLong(),
        labels,
        o.hasNonNull("from")
            ? Optional.of(Instant.parse(o.get("from").asText()))
            : Optional.empty(),
        o.hasNonNull("to") ? Optional.of(Instant.parse(o.get("to").asText())) : Optional.empty(),
        o.path("source").asText(""),
        require(o, "sha256").asText(),
        o.path("windows").path("count").asLong(0),
        o.path("windows").path("sha256").asText(""));
  }

  private static JsonNode require(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return v;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
