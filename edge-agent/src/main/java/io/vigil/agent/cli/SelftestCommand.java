package io.vigil.agent.cli;

import ai.onnxruntime.OrtEnvironment;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.GoldenSet;
import io.vigil.inference.pkg.ModelPackage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil-agent selftest}: can this board run the model? Verifies the package, loads it in
 * ONNX Runtime and runs its golden windows; prints the platform and the result. Exit 0 when it
 * passes.
 */
@Command(
    name = "selftest",
    mixinStandardHelpOptions = true,
    description = {
      "Verify the model package, load it in ONNX Runtime and run its golden self-test windows.",
      "Prints os.arch, the Java and ONNX Runtime versions and the result; exit 0 = pass, 3 ="
          + " package refused, 4 = self-test failed."
    })
final class SelftestCommand implements Callable<Integer> {

  @Option(names = "--package", description = "Model package directory (default: ${DEFAULT-VALUE}).")
  Path packageDir = ReplayCommand.DEFAULT_PACKAGE;

  @Option(
      names = "--public-key",
      description = "Trusted Ed25519 public key (PEM) (default: the package's publisher.pub.pem).")
  Path publicKey;

  @Override
  public Integer call() throws Exception {
    Path key = publicKey != null ? publicKey : packageDir.resolve("publisher.pub.pem");
    System.out.printf(
        "platform: os.arch=%s os.name=%s java=%s onnxruntime=%s%n",
        System.getProperty("os.arch"),
        System.getProperty("os.name"),
        System.getProperty("java.version"),
        OrtEnvironment.getEnvironment().getVersion());
    ModelPackage pkg = ModelPackage.load(packageDir, Ed25519Pem.readPublic(key));
    System.out.printf(
        "model: %s %s, signature valid, sha256 %s%n",
        pkg.manifest().name(), pkg.manifest().version(), pkg.manifest().model().sha256());
    if (pkg.golden().isEmpty()) {
      System.out.println("selftest: FAIL the package has no golden self-test");
      return 4;
    }
    try (DetectionModel model = DetectionModel.load(pkg)) {
      GoldenSet.Result r = model.selfTest().orElseThrow();
      System.out.printf(
          "selftest: PASS %d/%d golden windows agree on the class; max probability difference"
              + " %.3g, max anomaly difference %.3g (tolerance %.3g)%n",
          r.topClassAgreement(),
          pkg.golden().get().count(),
          r.maxProbabilityDiff(),
          r.maxAnomalyDiff(),
          pkg.manifest().golden().tolerance());
      return 0;
    } catch (io.vigil.inference.pkg.ModelPackageException e) {
      System.out.println("selftest: FAIL " + e.getMessage());
      return 4;
    }
  }
}
