package io.vigil.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The {@code upload_samples} arguments as both ends read them: the command's own form and back. */
class UploadSamplesTest {

  @Test
  void theCommandCarriesItsArgumentsBack() {
    UploadSamples u = new UploadSamples(UUID.randomUUID(), 5, 30);
    Command c = u.command(UUID.randomUUID(), Instant.parse("2026-12-07T00:00:00Z"));
    assertThat(c.type()).isEqualTo(Command.Type.UPLOAD_SAMPLES);
    assertThat(UploadSamples.of(c)).contains(u);
  }

  @Test
  void leftOutArgumentsTakeTheDefaultsAndTheCommandsId() {
    Command c =
        new Command(UUID.randomUUID(), Instant.now(), Command.Type.UPLOAD_SAMPLES, Map.of());
    assertThat(UploadSamples.of(c)).contains(new UploadSamples(c.commandId(), 20, 60));
  }

  @Test
  void outOfRangeIsRefusedWithTheRanges() {
    assertThatThrownBy(() -> new UploadSamples(UUID.randomUUID(), 1001, 60))
        .hasMessage("count must be 1..1000 and spacingS 5..86400");
    assertThatThrownBy(() -> new UploadSamples(UUID.randomUUID(), 20, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
