package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** vigil.reference.properties lists every configurable option, documents it, and nothing else. */
class ReferenceConfigTest {

  private static final Path REFERENCE = Path.of("..", "vigil.reference.properties");
  private static final Pattern KEY = Pattern.compile("^#?([a-z-]+\\.[a-z-]+)=(.*)$");

  @Test
  void everyOptionKeyIsInTheReferenceAndViceVersa() throws IOException {
    assertThat(referenceKeys())
        .isEqualTo(optionKeys(VigilCommand.commandLine(Path.of("none"), false)));
  }

  @Test
  void everyOptionHasAKey() {
    List<CommandLine> pending =
        new ArrayList<>(List.of(VigilCommand.commandLine(Path.of("none"), false)));
    while (!pending.isEmpty()) {
      CommandLine c = pending.remove(0);
      for (OptionSpec option : c.getCommandSpec().options()) {
        if (!option.usageHelp() && !option.versionHelp() && !option.required()) {
          assertThat(option.descriptionKey())
              .as("descriptionKey of %s %s", c.getCommandName(), option.longestName())
              .matches("[a-z-]+\\.[a-z-]+");
        }
      }
      pending.addAll(c.getSubcommands().values());
    }
  }

  @Test
  void everyKeyIsPrecededByAComment() throws IOException {
    List<String> lines = Files.readAllLines(REFERENCE);
    for (int i = 0; i < lines.size(); i++) {
      if (KEY.matcher(lines.get(i)).matches()) {
        String previous = lines.get(i - 1);
        assertThat(previous).as("comment above %s", lines.get(i)).startsWith("# ");
        assertThat(previous.toLowerCase()).as("default of %s", lines.get(i)).contains("default");
      }
    }
  }

  @Test
  void aConfigFileSetsDefaultsAndFlagsStillWin(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("vigil.properties");
    Files.writeString(config, "dev-stack.mqtt-port=18830\ndev-stack.bind=0.0.0.0\n");
    CommandLine line = VigilCommand.commandLine(config, true);

    CommandLine.ParseResult parsed = line.parseArgs("dev-stack", "--bind", "127.0.0.2");
    DevStackCommand devStack = parsed.subcommand().commandSpec().commandLine().getCommand();

    assertThat(devStack.mqttPort).isEqualTo(18830);
    assertThat(devStack.bind).isEqualTo("127.0.0.2");
  }

  private static Set<String> referenceKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    for (String line : Files.readAllLines(REFERENCE)) {
      Matcher m = KEY.matcher(line);
      if (m.matches()) {
        keys.add(m.group(1));
      }
    }
    return keys;
  }

  private static Set<String> optionKeys(CommandLine root) {
    Set<String> keys = new TreeSet<>();
    List<CommandLine> pending = new ArrayList<>(List.of(root));
    while (!pending.isEmpty()) {
      CommandLine c = pending.remove(0);
      for (OptionSpec option : c.getCommandSpec().options()) {
        if (!option.usageHelp()
            && !option.versionHelp()
            && option.descriptionKey() != null
            && !option.descriptionKey().isEmpty()) {
          keys.add(option.descriptionKey());
        }
      }
      pending.addAll(c.getSubcommands().values());
    }
    return keys;
  }
}
