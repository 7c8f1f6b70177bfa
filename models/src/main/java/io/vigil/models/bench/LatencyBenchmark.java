package io.vigil.models.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link InferenceBenchmark} for the int8 and the FP32 model in one JMH run (sample mode, one
 * thread, one fork) and returns mean, p50, p99 and p99.9 per model, in microseconds.
 */
public final class LatencyBenchmark {

  private LatencyBenchmark() {}

  public static ObjectNode run(Path int8, Path fp32, int measurementSeconds)
      throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(InferenceBenchmark.class.getName() + ".scoreOneWindow")
            .param("modelFile", int8.toAbsolutePath().toString(), fp32.toAbsolutePath().toString())
            .mode(Mode.SampleTime)
            .timeUnit(TimeUnit.MICROSECONDS)
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(3))
            .measurementIterations(3)
            .measurementTime(TimeValue.seconds(measurementSeconds))
            .forks(1)
            .threads(1)
            .jvmArgsAppend("-Dai.djl.offline=true")
            .build();
    Collection<RunResult> results = new Runner(options).run();
    ObjectNode out = new ObjectMapper().createObjectNode();
    for (RunResult r : results) {
      String file = r.getParams().getParam("modelFile");
      String key = file.equals(int8.toAbsolutePath().toString()) ? "int8" : "fp32";
      Statistics s = r.getPrimaryResult().getStatistics();
      ObjectNode n = out.putObject(key);
      n.put("samples", s.getN());
      n.put("meanMicros", round(s.getMean()));
      n.put("p50Micros", round(s.getPercentile(50)));
      n.put("p99Micros", round(s.getPercentile(99)));
      n.put("p999Micros", round(s.getPercentile(99.9)));
    }
    out.put("threads", 1);
    out.put(
        "mode", "JMH SampleTime, 2×3 s warm-up, 3×" + measurementSeconds + " s measured, 1 fork");
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
