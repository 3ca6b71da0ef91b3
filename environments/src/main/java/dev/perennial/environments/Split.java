package dev.perennial.environments;

/** Which seed space a pack is drawn from; train and eval seeds never produce the same pack. */
public enum Split { TRAIN, EVAL }
