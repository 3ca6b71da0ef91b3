package dev.perennial.runtime.cli;

import dev.perennial.runtime.eval.EvalComparison;
import dev.perennial.runtime.eval.EvalSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perennial eval compare A B}: prints and plots B − A, position by position, with 95% intervals. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare two finished evals: B - A by pack position and overall, with 95% intervals; plots into --out.")
public final class EvalCompareCommand implements Callable<Integer> {
  @Mixin ProfileOption profile;

  @Parameters(index = "0", description = "eval A: an id under evals/, an eval folder, or a summary.json")
  String a;

  @Parameters(index = "1", description = "eval B (the difference is B - A)")
  String b;

  @Option(names = "--out", description = "where compare.md/.json and the plots go (default: <evals-dir>/compare-A-vs-B)")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path evals = EvalSettings.from(profile.load()).evalsDir();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    EvalComparison c = EvalComparison.of(a, json.readTree(EvalComparison.summaryOf(evals, a).toFile()), b,
        json.readTree(EvalComparison.summaryOf(evals, b).toFile()));
    System.out.print(c.markdown());
    Path dir = out != null ? out : evals.resolve("compare-" + safe(a) + "-vs-" + safe(b));
    c.write(dir);
    System.err.println("wrote " + dir);
    return 0;
  }

  private static String safe(String ref) {
    return Path.of(ref).getFileName().toString().replace("summary.json", "").replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
