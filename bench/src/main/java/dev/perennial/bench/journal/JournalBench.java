package dev.perennial.bench.journal;

import akka.actor.typed.ActorRef;
import akka.persistence.jdbc.testkit.javadsl.SchemaUtils;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import dev.perennial.bench.runtime.BenchNode;
import dev.perennial.bench.runtime.EventBatches;
import dev.perennial.bench.runtime.RawWriter;
import dev.perennial.bench.suite.Options;
import dev.perennial.bench.suite.SectionReport;
import dev.perennial.bench.suite.Spread;
import dev.perennial.bench.suite.Timed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Journal write throughput of the project's H2 file journal against Cassandra (and any tuned H2
 * variants asked for), on this machine, as ratios to H2 measured in the same run: N event-sourced
 * writers per journal persist the event batches a real agent wrote (read back from its journal),
 * each write as soon as the last is confirmed, with the agent's tags. Journals take turns round by
 * round, in a rotating order. Rates are per wall-second and per CPU-second of this JVM plus, for
 * Cassandra, the server's process (read from /proc). Cassandra is started with
 * {@code scripts/cassandra.sh} on ports of its own and stopped afterwards; when it cannot start,
 * its rows are skipped with the reason.
 * Run: {@code bench/run.sh journal.JournalBench [--writers 16] [--packs 6] [--rounds 5] [--warmup 15]
 * [--variants h2,cassandra] [--cassandra auto|off] [--out F]}.
 */
public final class JournalBench {
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  private JournalBench() {}

  public static void main(String[] args) throws Exception {
    Options o = new Options(args,
        "writers", "event-sourced writers per journal, writing at once (16)", "packs", "agent packs of events each writer writes per round (6)",
        "rounds", "measured rounds (5)", "warmup", "seconds of unmeasured rounds first (15)",
        "variants", "journals to compare, the first is the reference: h2, cassandra, h2-par1, h2-par2, h2-batch100, h2-inline-lob (h2,cassandra)",
        "cassandra", "auto: start it with scripts/cassandra.sh; off: skip it (auto)", "out", "results file");
    List<String> names = List.of(o.string("variants", "h2,cassandra").split(","));
    SectionReport report = new SectionReport("journal", "journal write throughput on this machine, Cassandra and H2 variants vs the H2 file journal");
    StringBuilder whyNot = new StringBuilder();
    Optional<CassandraProcess> cassandra = Optional.empty();
    if (names.contains("cassandra")) {
      if (o.string("cassandra", "auto").equals("off")) whyNot.append("--cassandra off");
      else cassandra = CassandraProcess.start(whyNot);
      if (cassandra.isEmpty()) {
        System.out.println("Cassandra skipped: " + whyNot);
        report.details().put("cassandra_skipped", whyNot.toString());
      }
    }
    boolean withCassandra = cassandra.isPresent();
    List<JournalVariant> variants = new ArrayList<>();
    try (BenchNode bench = BenchNode.start("journal-bench", dir -> {
      for (String n : names) resolve(n.strip(), dir, withCassandra).ifPresent(variants::add);
      return String.join("\n", variants.stream().map(JournalVariant::hocon).toList());
    }, 128, 4)) {
      for (JournalVariant v : variants) {
        if (v.jdbcSchema()) SchemaUtils.createIfNotExists(v.plugin(), bench.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      bench.load().run(List.of("capture"), 1, PATIENCE).get();
      EventBatches pack = EventBatches.read(bench.system(), "Agent|capture", Duration.ofSeconds(60));
      int writers = o.integer("writers", 16), packs = o.integer("packs", 6);
      double events = (double) writers * packs * pack.events();
      Map<JournalVariant, List<ActorRef<RawWriter.Command>>> refs = new LinkedHashMap<>();
      for (JournalVariant v : variants) refs.put(v, bench.rawWriters(v.name(), writers, v.plugin(), ""));
      Map<JournalVariant, List<Timed>> timings = measure(bench, pack, refs, packs, events, o.integer("rounds", 5),
          o.integer("warmup", 15), cassandra);
      summarize(report, timings, bench.system().settings().config());
      report.details().put("writers", writers).put("packs_per_round", packs).put("events_per_round", events)
          .put("events_per_write", (double) pack.events() / pack.writes());
      cassandra.ifPresent(c -> report.details().put("cassandra_rss_mb", c.rssKb() / 1024));
    } finally {
      cassandra.ifPresent(CassandraProcess::close);
    }
    report.write(o.out("journal"));
    System.exit(0);
  }

  private static Optional<JournalVariant> resolve(String name, Path dir, boolean withCassandra) {
    return switch (name) {
      case "h2" -> Optional.of(JournalVariant.h2());
      case "cassandra" -> withCassandra ? Optional.of(JournalVariant.cassandra(CassandraProcess.CQL_PORT)) : Optional.empty();
      case "h2-par1" -> Optional.of(JournalVariant.h2With(name, "parallelism = 1"));
      case "h2-par2" -> Optional.of(JournalVariant.h2With(name, "parallelism = 2"));
      case "h2-batch100" -> Optional.of(JournalVariant.h2With(name, "batchSize = 100"));
      case "h2-inline-lob" -> Optional.of(JournalVariant.h2Url(name, dir, ";MAX_LENGTH_INPLACE_LOB=65536", ""));
      case "h2-own-db" -> Optional.of(JournalVariant.h2Url(name, dir, "", ""));
      default -> throw new IllegalArgumentException("unknown journal variant '" + name
          + "' (h2, cassandra, h2-par1, h2-par2, h2-batch100, h2-inline-lob, h2-own-db)");
    };
  }

  private static Map<JournalVariant, List<Timed>> measure(BenchNode bench, EventBatches pack,
      Map<JournalVariant, List<ActorRef<RawWriter.Command>>> refs, int packs, double events, int rounds, int warmup,
      Optional<CassandraProcess> cassandra) throws Exception {
    List<JournalVariant> order = new ArrayList<>(refs.keySet());
    Map<JournalVariant, List<Timed>> out = new LinkedHashMap<>();
    order.forEach(v -> out.put(v, new ArrayList<>()));
    long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
    for (int round = -1; round < rounds; round++) {
      boolean warming = round < 0;
      StringBuilder line = new StringBuilder(warming ? "warm-up  " : String.format("round %2d ", round + 1));
      for (int i = 0; i < order.size(); i++) {
        JournalVariant v = order.get(Math.floorMod(i + Math.max(round, 0), order.size())); // rotate who goes first
        boolean server = v.name().equals("cassandra") && cassandra.isPresent();
        double serverCpu0 = server ? cassandra.get().cpuSeconds() : 0;
        Timed t = Timed.of(() -> bench.write(refs.get(v), pack.batches(), packs, PATIENCE));
        double serverCpu = server ? cassandra.get().cpuSeconds() - serverCpu0 : 0;
        t = new Timed(t.seconds(), t.cpuSeconds() + serverCpu, events);
        if (!warming) out.get(v).add(t);
        line.append(String.format("  %s %7.0f ev/s (%6.0f per CPU-s)", v.name(), t.rate(), t.cpuRate()));
      }
      System.out.println(line);
      if (warming && System.nanoTime() < warmupEnd) round--;
    }
    return out;
  }

  private static void summarize(SectionReport report, Map<JournalVariant, List<Timed>> timings, Config config) {
    List<JournalVariant> vs = new ArrayList<>(timings.keySet());
    JournalVariant ref = vs.get(0);
    List<Timed> base = timings.get(ref);
    ObjectNode settings = report.details().putObject("settings");
    for (JournalVariant v : vs) {
      List<Timed> t = timings.get(v);
      ObjectNode s = settings.putObject(v.name());
      s.put("plugin", v.plugin());
      for (String path : v.settingPaths()) s.put(path, config.hasPath(path) ? config.getValue(path).unwrapped().toString() : "(unset)");
      report.details().set(v.name() + "_events_per_second", Spread.of(t.stream().mapToDouble(Timed::rate).toArray()).toJson());
      report.details().set(v.name() + "_events_per_cpu_second", Spread.of(t.stream().mapToDouble(Timed::cpuRate).toArray()).toJson());
      if (v == ref) continue;
      double[] wall = new double[t.size()], cpu = new double[t.size()];
      for (int i = 0; i < t.size(); i++) {
        wall[i] = t.get(i).rate() / base.get(i).rate();
        cpu[i] = t.get(i).cpuRate() / base.get(i).cpuRate();
      }
      String what = v.name().equals("cassandra") ? "Cassandra (server CPU counted)" : v.name();
      report.row(what + " events/s ÷ " + ref.name() + " events/s", Spread.of(wall), "ratio", ref.name() + " journal, same writers and events");
      report.row(what + " events per CPU-s ÷ " + ref.name() + "'s", Spread.of(cpu), "ratio", ref.name() + " journal, process CPU time");
    }
  }
}
