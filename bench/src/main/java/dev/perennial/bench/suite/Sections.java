package dev.perennial.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's sections, in the order they run, with their quick and full arguments. Quick mode
 * is sized to finish in a few minutes on a busy 2-core machine; full mode repeats more and runs
 * the larger shapes.
 */
final class Sections {
  static final String SCALE_BENCH = "dev.perennial.bench.ScaleBench";

  private Sections() {}

  static List<Section> all(Machine machine) {
    return List.of(
        new Section("runtime", "1. runtime overhead (agents vs raw journal writes; per-turn overhead at 50 ms)",
            "dev.perennial.bench.runtime.RuntimeOverheadBench",
            List.of("--agents", "16", "--packs", "6", "--rounds", "6", "--warmup", "25", "--latency-agents", "8", "--latency-packs", "2"),
            List.of("--agents", "32", "--packs", "8", "--rounds", "10", "--warmup", "60", "--latency-agents", "16", "--latency-packs", "3"),
            "2g", true, Section.OWN),
        new Section("journal", "2. journal throughput (H2 file vs Cassandra)", "dev.perennial.bench.journal.JournalBench",
            List.of("--writers", "16", "--packs", "20", "--rounds", "5", "--warmup", "20", "--variants", "h2,cassandra"),
            List.of("--writers", "32", "--packs", "20", "--rounds", "9", "--warmup", "40", "--variants", "h2,h2-par1,cassandra"),
            "2g", true, Section.OWN),
        new Section("inference", "3. inference (PolicyServer by concurrency; DJL vs PyTorch)", "dev.perennial.bench.InferenceBench",
            List.of("--seconds", "5", "--repeat", "3", "--threads", "1", "--concurrency", "1,8,32", "--batches", "1,32", "--turns", "4"),
            List.of("--seconds", "12", "--repeat", "3", "--threads", "1", "--concurrency", "1,8,32,128", "--batches", "1,8,32", "--turns", "4"),
            "4g", false, Adapters::inference),
        new Section("training", "4. training (DJL trainer vs PyTorch)", "dev.perennial.bench.TrainingBench",
            List.of("--shapes", "16x128", "--steps", "5", "--threads", "1"),
            List.of("--shapes", "16x128,8x512", "--steps", "10", "--threads", "1"),
            "4g", false, Adapters::training),
        new Section("scale", "5. scale (memory per agent, agents per node, recovery)", SCALE_BENCH,
            List.of("--agents", "20000", "--history", "2000", "--events", "2000", "--recoveries", "5"),
            List.of(), "4g", false, Adapters::scale),
        new Section("verifiers", "6a. verifiers (rows per domain)", "dev.perennial.bench.VerifierBench",
            List.of("1.5"), List.of("4"), "2g", false, Adapters::verifiers),
        new Section("sandbox", "6b. sandbox (calls vs bare python)", "dev.perennial.bench.SandboxBench",
            List.of("4", "15", "150", "2"), List.of("10", "30", "300", "2"), "1g", false, Adapters::sandbox));
  }

  /** Why a section cannot run here, or null. */
  static String skipReason(Section s, Machine machine) {
    if (s.mainClass().equals(SCALE_BENCH) && !present(SCALE_BENCH))
      return "ScaleBench is not on this branch yet (it lands from branch 'cluster')";
    if (s.name().equals("training") && !machine.hasTorch())
      return "no PyTorch reference: " + machine.python() + " cannot import torch (apt-get install -y python3-torch)";
    return null;
  }

  static List<String> args(Section s, boolean quick, Path out, Machine machine) {
    List<String> a = new ArrayList<>(s.args(quick, out));
    if (s.name().equals("inference") && !machine.hasTorch()) a.addAll(List.of("--torch", "false"));
    return a;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, Sections.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
