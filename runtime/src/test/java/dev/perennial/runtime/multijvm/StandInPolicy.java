package dev.perennial.runtime.multijvm;

import dev.perennial.persistence.CborSerializable;

/**
 * What the stand-in learner publishes after each of its "steps" (test scope; the real message is
 * the learner's PolicyPublished): a version, a file on the shared path, and that file's SHA-256.
 */
public record StandInPolicy(long version, String location, String sha256) implements CborSerializable {
  public static final String TOPIC = "stand-in-policy";
}
