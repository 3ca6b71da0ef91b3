package dev.perennial.environments;

/**
 * What the environment answers to one action ("env" tool call): the observation text the agent
 * sees, whether the task is over, and how many steps were used so far.
 */
public record StepResult(String observation, boolean done, int stepsUsed) {}
