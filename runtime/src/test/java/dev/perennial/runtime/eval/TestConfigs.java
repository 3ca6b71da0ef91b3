package dev.perennial.runtime.eval;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.runtime.config.Profiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Configurations for eval and Ralph tests, loaded the way the CLI loads them: the repository's
 * {@code config/local.conf} profile, then a test profile with short episodes (a few tokens per
 * turn, so a random model's noise ends quickly) and fast polling, then the given overrides.
 */
final class TestConfigs {
  static final String SHORT_EPISODES = """
      akka.loglevel = WARNING
      perennial.learner.inference { device = cpu, max-batch-size = 16 }
      perennial.agents {
        max-turns = 2
        max-tokens-per-turn = 12
        max-tokens-per-episode = 24
        update-max-tokens = 12
        policy-retry-backoff = 50ms
        passivate-after-idle = 5s
        prompt { max-hints-chars = 60, max-trajectory-chars = 200, max-feedback-chars = 80, max-tool-output-chars = 60 }
      }
      perennial.runtime.eval { poll-interval = 50ms, concurrency = 4 }
      perennial.runtime.ralph { poll-interval = 50ms }
      """;

  private TestConfigs() {}

  /** A profile file holding {@code text}, in {@code dir}. */
  static Path profile(Path dir, String text) throws IOException {
    Path p = dir.resolve("test-profile.conf");
    Files.writeString(p, text);
    return p;
  }

  /** Loads local + {@code profile} with {@code overrides}, the journal in {@code <dirKey>/<id>/data}. */
  static Config load(Path profile, Map<String, Object> overrides, String dirKey, String id) {
    String profiles = Path.of("..", "config", "local.conf") + "," + profile;
    return RunDir.load(m -> Profiles.load(profiles, ConfigFactory.parseMap(m)), new HashMap<>(overrides), dirKey, id);
  }
}
