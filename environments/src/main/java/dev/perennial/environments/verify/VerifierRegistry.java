package dev.perennial.environments.verify;

import dev.perennial.environments.sandbox.CodeRunner;
import dev.perennial.environments.verify.code.CodeVerifier;
import dev.perennial.environments.verify.logic.ArcGridVerifier;
import dev.perennial.environments.verify.logic.GraphPathVerifier;
import dev.perennial.environments.verify.logic.OrderingVerifier;
import dev.perennial.environments.verify.logic.ZebraVerifier;
import dev.perennial.environments.verify.math.MathVerifier;
import dev.perennial.environments.verify.science.AnswerJudge;
import dev.perennial.environments.verify.science.ScienceVerifier;
import dev.perennial.environments.verify.simulation.CodeIoVerifier;
import dev.perennial.environments.verify.simulation.CruxEvalVerifier;
import dev.perennial.environments.verify.tabular.TabularVerifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes a row to its verifier by the longest registered prefix of its {@code data_source}
 * ({@code "math__deepscaler"} → math, {@code "logic__zebra_puzzle_dataset"} → zebra, …). An
 * unknown source is an {@link UnknownDataSourceException}, never a silent zero. Immutable; the
 * verifiers are thread-safe, so one registry serves every caller.
 */
public final class VerifierRegistry {
  private final Map<String, Verifier> byPrefix;

  private VerifierRegistry(Map<String, Verifier> byPrefix) {
    this.byPrefix = Map.copyOf(byPrefix);
  }

  /** The six Guru domains; code and CruxEval run through {@code runner}; free-form science needs {@code judge}. */
  public static VerifierRegistry standard(CodeRunner runner, VerifierSettings settings, Optional<AnswerJudge> judge) {
    Map<String, Verifier> m = new LinkedHashMap<>();
    Verifier math = new MathVerifier(settings);
    Verifier code = new CodeVerifier(runner, settings);
    Verifier science = new ScienceVerifier(settings, judge);
    Verifier arc = new ArcGridVerifier();
    Verifier tabular = new TabularVerifier(settings);
    m.put("math", math);
    m.put("codegen", code);
    m.put("code__", code);
    m.put("stem", science);
    m.put("science", science);
    m.put("logic__zebra", new ZebraVerifier());
    m.put("logic__ordering", new OrderingVerifier());
    m.put("logic__graph", new GraphPathVerifier());
    m.put("logic__arcagi", arc);
    m.put("logic__barc", arc);
    m.put("simulation__arcagi", arc);
    m.put("simulation__barc", arc);
    m.put("simulation__codeio", new CodeIoVerifier());
    m.put("simulation__cruxeval", new CruxEvalVerifier(runner, settings));
    m.put("table", tabular);
    return new VerifierRegistry(m);
  }

  public static VerifierRegistry standard(CodeRunner runner, VerifierSettings settings) {
    return standard(runner, settings, Optional.empty());
  }

  /** A copy with one more route (e.g. an environment's own data source). */
  public VerifierRegistry with(String prefix, Verifier verifier) {
    Map<String, Verifier> m = new LinkedHashMap<>(byPrefix);
    m.put(prefix, verifier);
    return new VerifierRegistry(m);
  }

  public Optional<Verifier> find(String dataSource) {
    if (dataSource == null) return Optional.empty();
    return byPrefix.keySet().stream()
        .filter(dataSource::startsWith)
        .max(Comparator.comparingInt(String::length))
        .map(byPrefix::get);
  }

  /** The verifier for {@code dataSource}; throws {@link UnknownDataSourceException} when there is none. */
  public Verifier forDataSource(String dataSource) {
    return find(dataSource).orElseThrow(() -> new UnknownDataSourceException(dataSource, prefixes()));
  }

  public List<String> prefixes() {
    List<String> p = new ArrayList<>(byPrefix.keySet());
    p.sort(Comparator.naturalOrder());
    return p;
  }
}
