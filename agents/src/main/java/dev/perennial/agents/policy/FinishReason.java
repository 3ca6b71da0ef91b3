package dev.perennial.agents.policy;

/** Why a generation ended: a stop string, the end-of-sequence token, or the token limit. */
public enum FinishReason { STOP, EOS, LENGTH }
