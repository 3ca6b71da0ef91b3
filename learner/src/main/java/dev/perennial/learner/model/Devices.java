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

  /** e.g. "PyTorch 2.5.1 on cpu() with 2 threads". */
  public static String describe(Device device) {
    Engine engine = Engine.getInstance();
    String threads = device.isGpu() ? "" : " with " + JniUtils.getNumThreads() + " threads";
    return engine.getEngineName() + " " + engine.getVersion() + " on " + device + threads;
  }
}
