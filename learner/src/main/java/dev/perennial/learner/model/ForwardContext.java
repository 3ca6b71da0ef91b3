package dev.perennial.learner.model;

import ai.djl.ndarray.NDArray;

/**
 * Everything a layer needs for one forward pass besides its input: the rotary cos/sin at each
 * token's position ([B, 1, T, D]), the additive attention mask ([B|1, 1, 1, T, S]: 0 where a query may
 * attend, a large negative number elsewhere), the KV cache (null for a plain full-sequence pass) and
 * the scalar constants, created as arrays in the pass's manager (STACK.md pitfall 1).
 */
record ForwardContext(NDArray cos, NDArray sin, NDArray mask, KvCache cache, NDArray epsilon, NDArray attentionScale) {}
