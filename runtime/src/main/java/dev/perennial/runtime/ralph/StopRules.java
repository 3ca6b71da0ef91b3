package dev.perennial.runtime.ralph;

import dev.perennial.agents.entity.AgentStatus;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.runtime.eval.PackDriver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The stop rules of one task's Ralph loop, applied each time the driver looks at its agent:
 * {@code passed} (with until-pass, once the verifier passed an attempt), {@code attempt-timeout}
 * (one episode in flight longer than the limit), {@code stagnation} (the hints — and the
 * workspace's files — were the same at the start of {@code k} attempts in a row as at the start of
 * the attempt before), {@code workspace-too-large}. Running out of attempts needs no rule: the
 * Ralph pack ends ({@code max-iterations}). Also keeps what the workspace held at the start of
 * each attempt it saw, for the report. The driver looks every poll interval, so quick attempts
 * can pass unseen; the count starts from the loop's own start (the initial hints and workspace at
 * attempt 0), so attempts before the first look still count.
 */
final class StopRules implements PackDriver.StopRule {
  static final String PASSED = "passed";
  static final String TIMEOUT = "attempt-timeout";
  static final String STAGNATION = "stagnation";
  static final String TOO_LARGE = "workspace-too-large";
  static final String MAX_ITERATIONS = "max-iterations";

  /** The workspace at the start of an attempt. */
  record Seen(int attempt, WorkspaceState workspace) {}

  private final RalphSettings settings;
  private final Optional<Path> workspace;
  private final LongSupplier clock;
  private final List<Seen> seen = new ArrayList<>();
  private int lastAttempt;
  private boolean looked;
  private String lastHints;
  private WorkspaceState lastWorkspace;
  private int unchanged;
  private String episode = "";
  private long episodeSince;

  /** @param initialHints the agent's hints before its first attempt (the "no hints" text of its prompt) */
  StopRules(RalphSettings settings, Optional<Path> workspace, String initialHints, LongSupplier nanoClock) {
    this.settings = settings;
    this.workspace = workspace;
    this.clock = nanoClock;
    this.lastHints = initialHints;
    this.lastWorkspace = workspace.map(WorkspaceState::of).orElse(WorkspaceState.NONE);
  }

  @Override
  public synchronized Optional<String> check(AgentStatus s) {
    if (settings.untilPass() && s.counters().successes() > 0) return Optional.of(PASSED);
    String now = s.episodeId().orElse("");
    if (!now.equals(episode)) {
      episode = now;
      episodeSince = clock.getAsLong();
    } else if (clock.getAsLong() - episodeSince > settings.attemptTimeout().toNanos()) {
      return Optional.of(TIMEOUT);
    }
    if (s.episodeKind().orElse(null) != EpisodeKind.SOLVE || (looked && s.position() <= lastAttempt)) return Optional.empty();
    WorkspaceState ws = workspace.map(WorkspaceState::of).orElse(WorkspaceState.NONE);
    seen.add(new Seen(s.position(), ws));
    if (ws.bytes() > settings.maxWorkspaceBytes()) return Optional.of(TOO_LARGE);
    if (Objects.equals(lastHints, s.hints()) && lastWorkspace.equals(ws)) {
      unchanged += s.position() - lastAttempt;
    } else {
      unchanged = 0;
    }
    looked = true;
    lastAttempt = s.position();
    lastHints = s.hints();
    lastWorkspace = ws;
    return settings.stagnation() > 0 && unchanged >= settings.stagnation() ? Optional.of(STAGNATION) : Optional.empty();
  }

  synchronized List<Seen> seen() { return List.copyOf(seen); }
}
