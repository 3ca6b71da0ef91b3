package dev.perennial.learner.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's gradient recording off on this thread until closed, then restores it. Gradient
 * mode is per thread (STACK.md pitfall 5): inference threads and weight writes need it off.
 */
public final class NoGrad implements AutoCloseable {
  private final boolean previous;

  private NoGrad() {
    previous = JniUtils.isGradMode();
    if (previous) JniUtils.setGradMode(false);
  }

  public static NoGrad enter() { return new NoGrad(); }

  @Override
  public void close() {
    if (previous) JniUtils.setGradMode(true);
  }
}
