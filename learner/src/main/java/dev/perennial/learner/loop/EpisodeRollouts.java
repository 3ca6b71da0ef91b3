package dev.perennial.learner.loop;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.rl.RewardShaping;
import dev.perennial.learner.rl.Rollout;

/**
 * An {@link EpisodeRecord} as the advantage estimators see it. The run id is the agent id: in a
 * rollout group each agent walks the pack once, so its episodes are one CoD sequence. The reward
 * is shaped by the run's {@link RewardShaping}: a solve's verifier outcome (a truncated episode
 * gets the truncation reward), an update's h_i (its parse penalty).
 */
public final class EpisodeRollouts {
  private EpisodeRollouts() {}

  public static RewardShaping.Shaped shaped(EpisodeRecord e, RewardShaping shaping) {
    double format = Math.max(-1, Math.min(1, e.rewards().format()));
    return shaping.shape(e.rewards().outcome(), format, e.rewards().penalty(), e.truncated(), e.generatedTokens());
  }

  public static Rollout of(EpisodeRecord e, RewardShaping shaping) {
    Rollout.Kind kind = e.kind() == EpisodeKind.SOLVE ? Rollout.Kind.SOLVE : Rollout.Kind.UPDATE;
    return new Rollout(e.groupId(), e.agentId(), kind, e.position(), shaped(e, shaping).reward(), e.generatedTokens());
  }
}
