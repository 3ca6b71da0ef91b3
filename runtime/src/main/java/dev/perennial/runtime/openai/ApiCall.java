package dev.perennial.runtime.openai;

import dev.perennial.agents.policy.GenerationRequest;

/**
 * A validated generation request and how to answer it.
 *
 * @param chat          /v1/chat/completions rather than /v1/completions
 * @param logprobs      return the sampled tokens' log-probs
 * @param topLogprobs   alternatives asked for per token (only the sampled token can be given)
 * @param includeStop   keep the matched stop string in the text (vLLM's include_stop_str_in_output)
 */
record ApiCall(GenerationRequest request, boolean chat, boolean stream, boolean logprobs, int topLogprobs,
               boolean includeStop) {}
