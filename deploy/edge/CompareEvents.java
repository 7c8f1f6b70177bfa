import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares two `vigil-agent replay` outputs (JSON lines), e.g. x86_64 against arm64: the same
 * events (type, direction, start, end, severity) in the same order, confidence and anomaly score
 * within a tolerance. Run with the agent jar on the class path:
 *   java -cp vigil-agent.jar CompareEvents.java A.jsonl B.jsonl [tolerance]
 * Exit 0 when they match, 1 otherwise (each difference printed).
 */
public class CompareEvents {
  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> a = Files.readAllLines(Path.of(args[0]));
    List<String> b = Files.readAllLines(Path.of(args[1]));
    double tolerance = args.length > 2 ? Double.parseDouble(args[2]) : 0.01;
    int differences = 0;
    if (a.size() != b.size()) {
      System.out.printf("event count differs: %d vs %d%n", a.size(), b.size());
      differences++;
    }
    double maxDiff = 0;
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      JsonNode x = json.readTree(a.get(i));
      JsonNode y = json.readTree(b.get(i));
      for (String exact : new String[] {"type", "direction", "startS", "endS", "severity"}) {
        if (!x.path(exact).equals(y.path(exact))) {
          System.out.printf("event %d: %s %s vs %s%n", i, exact, x.path(exact), y.path(exact));
          differences++;
        }
      }
      for (String close : new String[] {"confidence", "anomalyScore"}) {
        double d = Math.abs(x.path(close).asDouble() - y.path(close).asDouble());
        maxDiff = Math.max(maxDiff, d);
        if (d > tolerance) {
          System.out.printf("event %d: %s %s vs %s%n", i, close, x.path(close), y.path(close));
          differences++;
        }
      }
    }
    System.out.printf(
        "%s: %d events, %d differences, largest confidence/anomaly difference %.2e (tolerance %.2e)%n",
        differences == 0 ? "MATCH" : "DIFFERENT", a.size(), differences, maxDiff, tolerance);
    System.exit(differences == 0 ? 0 : 1);
  }
}
