package dev.perennial.learner.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** Picks the compute device from a setting ({@code auto}: CUDA if present, else CPU) and describes it for logs. */
public final class Devices {
  private Devices() {}

  /** {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}. */
  public static Device select(String setting) {
    String s = setting == null ? "auto" : setting.trim().toLowerCase();
    Engine engine = Engine.getInstance();
    return switch (s) {
      case "auto" -> engine.defaultDevice();
      case "cpu" -> Device.cpu();
      default -> {
        if (!s.startsWith("gpu")) throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N, got '" + setting + "'");
        int id = s.contains(":") ? Integer.parseInt(s.substring(s.indexOf(':') + 1)) : 0;
        if (engine.getGpuCount() <= id) throw new IllegalArgumentException("device " + setting + " requested but " + engine.getGpuCount() + " GPUs are visible");
        yield Device.gpu(id);
      }
    };
  }

  /**
   * Applies {@code perennial.learner.torch-threads} once per process, before any model runs:
   * PyTorch's intra-op pool size is process-wide and every Java thread that runs ops (the trainer,
   * the PolicyServer) gets a pool of that size, so with both active {@code auto} gives each half the
   * cores. Returns the count in effect.
   */
  public static int configureThreads(com.typesafe.config.Config learner) {
    Engine.getInstance();
    String v = learner.getString("torch-threads").trim();
    int cores = Runtime.getRuntime().availableProcessors();
    int n = v.equals("auto") ? Math.max(1, cores / 2) : Integer.parseInt(v);
    if (n < 0) throw new IllegalArgumentException("torch-threads must be auto, 0 (PyTorch default) or a positive count, got " + v);
    if (n > 0) JniUtils.setNumThreads(n);
    return JniUtils.getNumThreads();
  }

  /** e.g. "PyTorch 2.5.1 on cpu() with 2 threads". */
  public static String describe(Device device) {
    Engine engine = Engine.getInstance();
    String threads = device.isGpu() ? "" : " with " + JniUtils.getNumThreads() + " threads";
    return engine.getEngineName() + " " + engine.getVersion() + " on " + device + threads;
  }
}
