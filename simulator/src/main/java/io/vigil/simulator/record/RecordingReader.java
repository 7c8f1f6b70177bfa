package io.vigil.simulator.record;

import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a trip directory in the Vigil recording format. Columns are found by name, so extra columns
 * are allowed; a missing column, a malformed number or a malformed label is an {@link IOException}
 * naming the file, line and column.
 */
public final class RecordingReader {

  private static final List<String> REQUIRED_SAMPLE_COLUMNS =
      List.of("t_ns", "ax", "ay", "az", "gx", "gy", "gz");
  private static final List<String> REQUIRED_LABEL_COLUMNS = List.of("start_s", "end_s", "label");

  private RecordingReader() {}

  public static Recording read(Path directory) throws IOException {
    Path samplesFile = directory.resolve("samples.csv");
    if (!Files.isRegularFile(samplesFile)) {
      throw new IOException(samplesFile + " does not exist: not a Vigil recording directory");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<long[]> times = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(samplesFile, StandardCharsets.UTF_8)) {
      Map<String, Integer> columns = null;
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.startsWith("#")) {
          int eq = line.indexOf('=');
          if (eq > 2) {
            metadata.put(line.substring(2, eq).trim(), line.substring(eq + 1).trim());
          }
          continue;
        }
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (columns == null) {
          columns = header(cells, REQUIRED_SAMPLE_COLUMNS, samplesFile, lineNo);
          continue;
        }
        times.add(new long[] {parseLong(cells, columns, "t_ns", samplesFile, lineNo)});
        double[] row = new double[7];
        String[] names = {"ax", "ay", "az", "gx", "gy", "gz"};
        for (int i = 0; i < 6; i++) {
          row[i] = parseDouble(cells, columns, names[i], samplesFile, lineNo);
        }
        Integer speedColumn = columns.get("speed_mps");
        row[6] =
            speedColumn == null || speedColumn >= cells.length || cells[speedColumn].isEmpty()
                ? Double.NaN
                : parseDouble(cells, columns, "speed_mps", samplesFile, lineNo);
        values.add(row);
      }
      if (columns == null) {
        throw new IOException(
            samplesFile + ": no header line with the columns " + REQUIRED_SAMPLE_COLUMNS);
      }
    }
    int n = times.size();
    long[] t = new long[n];
    double[][] accel = new double[n][];
    double[][] gyro = new double[n][];
    double[] speed = new double[n];
    for (int i = 0; i < n; i++) {
      double[] row = values.get(i);
      t[i] = times.get(i)[0];
      accel[i] = Arrays.copyOfRange(row, 0, 3);
      gyro[i] = Arrays.copyOfRange(row, 3, 6);
      speed[i] = row[6];
    }
    Path labelsFile = directory.resolve("labels.csv");
    List<Label> labels = Files.isRegularFile(labelsFile) ? readLabels(labelsFile) : List.of();
    return new Recording(metadata, t, accel, gyro, speed, labels);
  }

  private static List<Label> readLabels(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IOException(file + ": empty, expected the header " + RecordingWriter.LABEL_HEADER);
    }
    Map<String, Integer> columns =
        header(lines.get(0).split(",", -1), REQUIRED_LABEL_COLUMNS, file, 1);
    List<Label> labels = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] cells = lines.get(i).split(",", -1);
      int lineNo = i + 1;
      LabelKind kind;
      String name = cell(cells, columns, "label", file, lineNo);
      try {
        kind = LabelKind.fromCsv(name);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + lineNo + ": unknown label '" + name + "'");
      }
      String direction =
          columns.containsKey("direction") ? cell(cells, columns, "direction", file, lineNo) : "";
      labels.add(
          new Label(
              parseDouble(cells, columns, "start_s", file, lineNo),
              parseDouble(cells, columns, "end_s", file, lineNo),
              kind,
              direction.isEmpty() ? Optional.empty() : Optional.of(direction),
              optionalDouble(cells, columns, "peak_long_g", file, lineNo),
              optionalDouble(cells, columns, "peak_lat_g", file, lineNo),
              optionalDouble(cells, columns, "peak_vert_g", file, lineNo)));
    }
    return labels;
  }

  private static Map<String, Integer> header(
      String[] cells, List<String> required, Path file, int lineNo) throws IOException {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < cells.length; i++) {
      columns.put(cells[i].trim(), i);
    }
    List<String> missing = required.stream().filter(c -> !columns.containsKey(c)).toList();
    if (!missing.isEmpty()) {
      throw new IOException(file + " line " + lineNo + ": missing column(s) " + missing);
    }
    return columns;
  }

  private static String cell(
      String[] cells, Map<String, Integer> columns, String name, Path file, int lineNo)
      throws IOException {
    int index = columns.get(name);
    if (index >= cells.length) {
      throw new IOException(file + " line " + lineNo + ": no value for column " + name);
    }
    return cells[index].trim();
  }

  private static double parseDouble(
      String[] cells, Map<String, Integer> columns, String name, Path file, int lineNo)
      throws IOException {
    String text = cell(cells, columns, name, file, lineNo);
    try {
      double value = Double.parseDouble(text);
      if (!Double.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IOException(
          file + " line " + lineNo + ": column " + name + " is not a number: '" + text + "'");
    }
  }

  private static double optionalDouble(
      String[] cells, Map<String, Integer> columns, String name, Path file, int lineNo)
      throws IOException {
    if (!columns.containsKey(name) || cell(cells, columns, name, file, lineNo).isEmpty()) {
      return 0;
    }
    return parseDouble(cells, columns, name, file, lineNo);
  }

  private static long parseLong(
      String[] cells, Map<String, Integer> columns, String name, Path file, int lineNo)
      throws IOException {
    String text = cell(cells, columns, name, file, lineNo);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException(
          file + " line " + lineNo + ": column " + name + " is not an integer: '" + text + "'");
    }
  }
}
