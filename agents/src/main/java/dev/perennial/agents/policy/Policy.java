package dev.perennial.agents.policy;

import java.util.concurrent.CompletionStage;

/**
 * The model an agent talks to. Implementations: the in-process batched DJL policy ({@code djl}) and
 * any OpenAI-compatible server ({@code openai}). Never blocks the caller; failures complete the
 * stage exceptionally with a {@link PolicyException} whose message is fit for a user.
 */
public interface Policy {
  CompletionStage<Generation> generate(GenerationRequest request);

  /** Short description for logs and reports, e.g. "djl:runs/x/checkpoints/v12 (cpu)". */
  String describe();

  /** True when generations carry token ids and behaviour log-probs usable for training. */
  boolean trainable();
}
