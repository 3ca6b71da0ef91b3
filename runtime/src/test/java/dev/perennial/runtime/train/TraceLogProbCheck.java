package dev.perennial.runtime.train;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.javadsl.Sink;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.entity.EpisodeFeed;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.loop.EpisodeSequence;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import dev.perennial.learner.train.LearningRateSchedule;
import dev.perennial.learner.train.Trainer;
import dev.perennial.learner.train.TrainerSettings;
import dev.perennial.runtime.config.Profiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Per-token log-probs of recorded episodes under a checkpoint (debugging aid). Args: dataDir groupPrefix checkpoint [n]. */
public final class TraceLogProbCheck {
  public static void main(String[] args) throws Exception {
    var config = Profiles.load("local", ConfigFactory.parseMap(Map.of("perennial.persistence.data-dir", args[0], "akka.actor.provider", "local")));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "check", config);
    int n = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    try {
      List<EpisodeRecord> eps = EpisodeFeed.current(system, "none").map(EpisodeFeed.StoredEpisode::record)
          .filter(e -> e.groupId().startsWith(args[1])).take(n).runWith(Sink.seq(), system).toCompletableFuture().join();
      TrainerSettings ts = new TrainerSettings(new LearningRateSchedule(1e-3, 0, LearningRateSchedule.Kind.CONSTANT, 0, 0), 0, 0.9, 0.95,
          1e-8, 1, 16, 8192, "cpu");
      try (Trainer t = Trainer.fromCheckpoint(Path.of(args[2]), ts); PolicyTokenizer tok = PolicyTokenizer.bundled()) {
        for (EpisodeRecord e : eps) {
          EpisodeSequence s = EpisodeSequence.of(e, 0, 10000);
          float[] lp = t.logProbs(List.of(s.tokens()))[0];
          StringBuilder b = new StringBuilder();
          double sum = 0;
          int cnt = 0;
          for (int i = 1; i < s.length(); i++) {
            String c = tok.decode(new int[] {s.tokens()[i]});
            if (s.lossMask()[i] == 0) { b.append(c); continue; }
            sum += lp[i];
            cnt++;
            b.append(lp[i] < -1 ? "[" + c + String.format("%.1f", lp[i]) + "]" : c);
          }
          System.out.printf("=== %s mean trained lp %.3f over %d%n%s%n", e.episodeId(), sum / cnt, cnt, b);
        }
      }
    } finally {
      system.terminate();
    }
  }
}
