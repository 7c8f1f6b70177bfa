package io.vigil.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.detect.SampleRequest;
import io.vigil.protocol.Command;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The arguments of {@code upload_samples}: defaults, ranges, and what makes a command ignored. */
class UploadSamplesCommandTest {

  private static Command upload(Map<String, String> args) {
    return new Command(UUID.randomUUID(), Instant.now(), Command.Type.UPLOAD_SAMPLES, args);
  }

  @Test
  void defaultsAreTwentyStretchesAMinuteApartForTheCommandsOwnId() {
    Command c = upload(Map.of());
    assertThat(CommandHandler.sampleRequest(c))
        .contains(new SampleRequest(c.commandId(), 20, 60_000_000_000L));
  }

  @Test
  void theCloudsRequestIdAndArgumentsAreTaken() {
    UUID request = UUID.randomUUID();
    assertThat(
            CommandHandler.sampleRequest(
                upload(Map.of("requestId", request.toString(), "count", "5", "spacingS", "30"))))
        .contains(new SampleRequest(request, 5, 30_000_000_000L));
  }

  @Test
  void argumentsOutOfRangeOrMalformedMakeNoRequest() {
    for (Map<String, String> args :
        new Map[] {
          Map.of("count", "0"),
          Map.of("count", "1001"),
          Map.of("spacingS", "4"),
          Map.of("spacingS", "86401"),
          Map.of("count", "many"),
          Map.of("requestId", "not-a-uuid")
        }) {
      assertThat(CommandHandler.sampleRequest(upload(args))).as("%s", args).isEmpty();
    }
  }
}
