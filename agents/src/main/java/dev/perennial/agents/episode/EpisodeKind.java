package dev.perennial.agents.episode;

/** CoD's two episode kinds: solve a task, or rewrite the hints from what was just experienced. */
public enum EpisodeKind { SOLVE, UPDATE }
