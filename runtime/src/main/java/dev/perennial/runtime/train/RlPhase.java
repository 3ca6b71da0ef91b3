package dev.perennial.runtime.train;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.learner.inference.InitialPolicy;
import dev.perennial.learner.loop.DjlPolicyTrainer;
import dev.perennial.learner.loop.Learner;
import dev.perennial.learner.loop.LearnerSettings;
import dev.perennial.learner.loop.LearnerStatus;
import dev.perennial.learner.rl.RlSettings;
import dev.perennial.learner.train.LearningRateSchedule;
import dev.perennial.learner.train.TrainerSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;

/**
 * Online RL with everything in this JVM: the policy server starts from the SFT weights (version
 * 0), sharded agents walk training packs in groups driven by the {@link RolloutDriver}, the
 * {@link Learner} singleton trains on their episodes and publishes versions that
 * {@link PolicySync} loads into the server. Ends when the learner has committed {@code rl.steps}
 * steps. Everything it needs to resume is in the journal and the checkpoint directory.
 */
final class RlPhase {
  private static final Duration POLL = Duration.ofSeconds(1);

  private final TrainNode node;
  private final TrainSettings settings;
  private final RunFiles files;
  private final Interruption stop;
  private volatile LearnerStatus latest;
  private ActorRef<RolloutDriver.Command> driver;

  RlPhase(TrainNode node, TrainSettings settings, RunFiles files, Interruption stop) {
    this.node = node;
    this.settings = settings;
    this.files = files;
    this.stop = stop;
  }

  LearnerSettings learnerSettings() {
    return LearnerSettings.from(node.config()).withInitialCheckpoint(files.sftCheckpoint()).withCheckpointDir(files.checkpoints())
        .withMaxSteps(settings.rlSteps());
  }

  /** Runs until the learner has committed {@code rl.steps} steps; {@code onReport} is called every report interval. */
  LearnerStatus run(Consumer<LearnerStatus> onReport) throws Exception {
    var system = node.system();
    LearnerSettings ls = learnerSettings();
    RlSettings rl = RlSettings.from(node.config());
    TrainerSettings ts = TrainerSettings.from(node.config().getConfig("perennial.learner.train")).withSchedule(
        new LearningRateSchedule(settings.rlLearningRate(), settings.rlWarmupSteps(), LearningRateSchedule.Kind.CONSTANT, 0, 0));
    ActorRef<Learner.Command> learner = Learner.init(system, ls, rl, JournalEpisodes.of(system),
        DjlPolicyTrainer.factory(ts, rl, ls, settings.seed()));
    TrainNode.Served served = node.serve("policy-rl", InitialPolicy.checkpoint(0, files.sftCheckpoint()));
    AgentEntity.init(system, node.deps(served.policy(), node.agentSettings(null)));
    node.spawn(PolicySync.create(served.server(), learner, ls.policyTopic(), 0, Duration.ofSeconds(3)), "policy-sync");
    var driverSettings = new RolloutDriver.Settings(node.environments(), settings.packSize(), settings.difficulty(),
        settings.groupSize(), settings.seed() * 1_000_000L, settings.inFlight(), Duration.ofSeconds(1), this::canLaunch);
    driver = node.spawn(RolloutDriver.create(driverSettings, id -> AgentEntity.ref(system, id)), RolloutDriver.NAME);

    long lastReport = System.nanoTime();
    LearnerStatus s = status(learner);
    try (ProgressBar bar = Bars.of("RL steps", settings.rlSteps())) {
      bar.stepTo(s.step());
      while (s.step() < settings.rlSteps()) {
        Thread.sleep(POLL.toMillis());
        if (stop.requested()) {
          stopGracefully(learner);
          stop.check();
        }
        s = status(learner);
        bar.stepTo(s.step());
        progress(s);
        bar.setExtraMessage(String.format(Locale.ROOT, "v%d, %d trained, %d dropped, %d groups waiting%s", s.version(), s.trained(),
            s.dropped(), s.pendingGroups(), s.lastError().map(e -> " | " + abbreviate(e)).orElse("")));
        if (System.nanoTime() - lastReport > settings.reportEvery().toNanos()) {
          onReport.accept(s);
          lastReport = System.nanoTime();
        }
      }
    }
    // the remaining groups would only compete with the evaluation for the CPU
    AskPattern.<RolloutDriver.Command, Done>ask(driver, RolloutDriver.AbandonInFlight::new, Duration.ofSeconds(30), system.scheduler())
        .toCompletableFuture().join();
    node.stop(served.server());
    return s;
  }

  /** {@code progress.json}: where the learner is, for a user (or a test) watching the run from outside. */
  private void progress(LearnerStatus s) {
    String json = String.format(Locale.ROOT, "{\"step\": %d, \"version\": %d, \"trained\": %d, \"dropped\": %d, \"pending_groups\": %d}%n",
        s.step(), s.version(), s.trained(), s.dropped(), s.pendingGroups());
    try {
      java.nio.file.Path tmp = files.progress().resolveSibling("progress.json.tmp");
      java.nio.file.Files.writeString(tmp, json);
      java.nio.file.Files.move(tmp, files.progress(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (java.io.IOException e) {
      // progress.json is a convenience; the journal is the record
    }
  }

  /** No new groups; the learner commits the step it is training (bounded wait), then stops. */
  private void stopGracefully(ActorRef<Learner.Command> learner) {
    var scheduler = node.system().scheduler();
    try {
      AskPattern.<RolloutDriver.Command, Done>ask(driver, RolloutDriver.StopLaunching::new, Duration.ofSeconds(10), scheduler)
          .toCompletableFuture().join();
      AskPattern.<Learner.Command, Done>ask(learner, Learner.Stop::new, Duration.ofSeconds(120), scheduler).toCompletableFuture().join();
    } catch (RuntimeException e) {
      // the journal keeps what was committed; an uncommitted step is redone on resume
    }
  }

  private boolean canLaunch() {
    LearnerStatus s = latest;
    return s == null || (!s.finished() && s.step() < settings.rlSteps());
  }

  private LearnerStatus status(ActorRef<Learner.Command> learner) {
    LearnerStatus s = AskPattern.<Learner.Command, LearnerStatus>ask(learner, Learner.GetStatus::new, Duration.ofSeconds(60),
        node.system().scheduler()).toCompletableFuture().join();
    latest = s;
    return s;
  }

  private static String abbreviate(String s) { return s.length() <= 60 ? s : s.substring(0, 57) + "..."; }
}
