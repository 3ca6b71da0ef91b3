package dev.perennial.bench.runtime;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.bench.suite.Options;
import dev.perennial.bench.suite.Paired;
import dev.perennial.bench.suite.SectionReport;
import dev.perennial.bench.suite.Timed;
import dev.perennial.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * What a turn costs in the journal: the {@link Turn} as stored now (token ids as packed varints,
 * log-probs as raw float32, via Akka's jackson-cbor serializer) against {@link PlainTurn}, the same
 * record without the packing — exactly how turns were stored before — serialized by the same
 * serializer in the same run. Bytes per turn, and serialize/deserialize CPU time of the measuring
 * thread in interleaved rounds, for a large-vocabulary model (ids up to 151,646, Qwen2's) and this project's character
 * vocabulary (442). Run: {@code bench/run.sh runtime.TurnEncodingBench [--turns 2000] [--rounds 7] [--out F]}.
 */
public final class TurnEncodingBench {
  /** The turn without packed arrays: the element-wise CBOR encoding used before. */
  public record PlainTurn(String injectedText, int[] injectedTokenIds, String sampledText, int[] sampledTokenIds, float[] logprobs,
      FinishReason finishReason, long policyVersion) implements CborSerializable {}

  private TurnEncodingBench() {}

  public static void main(String[] args) throws Exception {
    Options o = new Options(args, "turns", "turns serialized per round (2000)", "rounds", "measured rounds (7)",
        "sampled", "sampled tokens per turn (256)", "out", "results file");
    int n = o.integer("turns", 2000), rounds = o.integer("rounds", 7), sampled = o.integer("sampled", 256);
    SectionReport report = new SectionReport("encoding", "a turn's journal encoding: packed arrays vs element-wise CBOR, same serializer");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "encoding-bench",
        ConfigFactory.parseString("akka.loglevel = WARNING").withFallback(ConfigFactory.load()));
    try {
      Serialization serialization = SerializationExtension.get(system);
      for (int vocab : new int[] {151_646, 442}) {
        List<Turn> packed = turns(n, sampled, vocab);
        List<PlainTurn> plain = packed.stream().map(TurnEncodingBench::plain).toList();
        double packedBytes = bytes(serialization, packed), plainBytes = bytes(serialization, plain);
        report.row("bytes per turn, packed ÷ plain CBOR (vocab " + vocab + ")", dev.perennial.bench.suite.Spread.of(packedBytes / plainBytes),
            "ratio", "the same turn without packing, same serializer");
        report.details().put("bytes_per_turn_packed_vocab_" + vocab, packedBytes).put("bytes_per_turn_plain_vocab_" + vocab, plainBytes);
        List<byte[]> packedBlobs = blobs(serialization, packed), plainBlobs = blobs(serialization, plain);
        String what = "(vocab " + vocab + ")";
        Paired ser = Paired.run("serialize " + what, rounds, 3, () -> time(() -> blobs(serialization, packed), n),
            () -> time(() -> blobs(serialization, plain), n),
            (a, b) -> String.format("packed %6.2f µs/turn   plain %6.2f µs/turn (thread CPU)", 1e6 / a.cpuRate(), 1e6 / b.cpuRate()));
        Paired de = Paired.run("deserialize " + what, rounds, 3, () -> time(() -> read(serialization, packedBlobs, Turn.class), n),
            () -> time(() -> read(serialization, plainBlobs, PlainTurn.class), n),
            (a, b) -> String.format("packed %6.2f µs/turn   plain %6.2f µs/turn (thread CPU)", 1e6 / a.cpuRate(), 1e6 / b.cpuRate()));
        report.row("serialize turns/s, packed ÷ plain " + what, ser.ratio(Timed::cpuRate), "ratio", "plain CBOR, interleaved rounds, thread CPU time");
        report.row("deserialize turns/s, packed ÷ plain " + what, de.ratio(Timed::cpuRate), "ratio", "plain CBOR, interleaved rounds, thread CPU time");
        report.details().set("serialize_us_packed_vocab_" + vocab, ser.subject(t -> 1e6 / t.cpuRate()).toJson());
        report.details().set("serialize_us_plain_vocab_" + vocab, ser.reference(t -> 1e6 / t.cpuRate()).toJson());
        report.details().set("deserialize_us_packed_vocab_" + vocab, de.subject(t -> 1e6 / t.cpuRate()).toJson());
        report.details().set("deserialize_us_plain_vocab_" + vocab, de.reference(t -> 1e6 / t.cpuRate()).toJson());
      }
      report.details().put("sampled_tokens_per_turn", sampled).put("injected_tokens_per_turn", sampled / 4);
    } finally {
      system.terminate();
    }
    report.write(o.out("encoding"));
    System.exit(0);
  }

  static List<Turn> turns(int n, int sampled, int vocab) {
    Random random = new Random(vocab);
    List<Turn> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] injected = random.ints(sampled / 4, 0, vocab).toArray();
      int[] ids = random.ints(sampled, 0, vocab).toArray();
      float[] lp = new float[sampled];
      for (int j = 0; j < sampled; j++) lp[j] = (float) Math.log(random.nextDouble());
      out.add(new Turn("<interpreter>" + i + "</interpreter>", injected, "<plan>step " + i + "</plan>", ids, lp, FinishReason.STOP, 3));
    }
    return out;
  }

  private static PlainTurn plain(Turn t) {
    return new PlainTurn(t.injectedText(), t.injectedTokenIds(), t.sampledText(), t.sampledTokenIds(), t.logprobs(), t.finishReason(),
        t.policyVersion());
  }

  private static double bytes(Serialization s, List<?> values) throws Exception {
    return blobs(s, values).stream().mapToInt(b -> b.length).average().orElse(0);
  }

  private static List<byte[]> blobs(Serialization s, List<?> values) throws Exception {
    List<byte[]> out = new ArrayList<>(values.size());
    for (Object v : values) out.add(s.serialize(v).get());
    return out;
  }

  private static void read(Serialization s, List<byte[]> blobs, Class<?> type) throws Exception {
    Serializer serializer = s.serializerFor(type);
    String manifest = Serializers.manifestFor(serializer, sample(type));
    for (byte[] b : blobs) s.deserialize(b, serializer.identifier(), manifest).get();
  }

  private static Object sample(Class<?> type) {
    Turn t = turns(1, 4, 10).get(0);
    return type == Turn.class ? t : plain(t);
  }

  private interface Work {
    void run() throws Exception;
  }

  private static Timed time(Work w, int n) throws Exception {
    return Timed.onThisThread(() -> {
      w.run();
      return CompletableFuture.completedFuture(null);
    }).per(n);
  }
}
