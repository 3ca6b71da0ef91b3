package dev.perennial.learner.loop;

/**
 * An episode the learner cannot turn into a training sequence, with the reason in words: it has
 * text but no token ids (a policy backend with {@code trainable() == false}), its log-probs do not
 * line up with its tokens, or it is longer than the model's context. Never skipped silently: the
 * learner logs it as an error and records the episode as dropped with this message.
 */
public final class UntrainableEpisode extends RuntimeException {
  private final String episodeId;

  public UntrainableEpisode(String episodeId, String reason) {
    super("episode " + episodeId + " cannot be trained: " + reason);
    this.episodeId = episodeId;
  }

  public String episodeId() { return episodeId; }
}
