package dev.perennial.runtime.train;

import com.typesafe.config.Config;
import dev.perennial.learner.train.LearningRateSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code perennial.train} block (documented in the runtime's reference.conf; the defaults of
 * `perennial train` are in config/train.conf), read once. A bad value fails here with its key.
 *
 * @param sftPacks    expert pack runs that make the cold-start traces
 * @param sftSteps    SFT optimizer steps (the knob that leaves room for RL: fewer steps, a weaker start)
 * @param sftMinLrRatio the SFT learning rate decays (cosine) to learning-rate x this at the last step; 1 = constant
 * @param rlSteps     learner steps of the RL phase
 * @param inFlight    rollout groups running at once
 */
public record TrainSettings(
    Path runsDir,
    List<String> environments,
    int difficulty,
    int packSize,
    int groupSize,
    long seed,
    int sftPacks,
    int sftSteps,
    int sftBatchSize,
    double sftLearningRate,
    int sftWarmupSteps,
    double sftMinLrRatio,
    int rlSteps,
    int inFlight,
    double rlLearningRate,
    int rlWarmupSteps,
    int evalPacks,
    int evalPackSize,
    double evalTemperature,
    boolean evalBeforeSft,
    Duration phaseTimeout,
    Duration reportEvery) {

  public TrainSettings {
    environments = List.copyOf(environments);
    if (environments.isEmpty()) throw bad("environments", "must name at least one environment");
    positive("pack-size", packSize);
    positive("group-size", groupSize);
    positive("sft.packs", sftPacks);
    atLeast("sft.steps", sftSteps, 0);
    positive("sft.batch-size", sftBatchSize);
    atLeast("rl.steps", rlSteps, 0);
    positive("rl.groups-in-flight", inFlight);
    positive("eval.packs", evalPacks);
    positive("eval.pack-size", evalPackSize);
    if (!(sftLearningRate > 0) || !(rlLearningRate > 0)) throw bad("learning-rate", "must be > 0");
    if (!(sftMinLrRatio > 0 && sftMinLrRatio <= 1)) throw bad("sft.min-lr-ratio", "must be in (0, 1], got " + sftMinLrRatio);
    if (evalTemperature < 0) throw bad("eval.temperature", "must be >= 0");
  }

  public static TrainSettings from(Config root) {
    Config c = root.getConfig("perennial.train");
    Config sft = c.getConfig("sft");
    Config rl = c.getConfig("rl");
    Config eval = c.getConfig("eval");
    return new TrainSettings(Path.of(c.getString("runs-dir")), c.getStringList("environments"), c.getInt("difficulty"),
        c.getInt("pack-size"), root.getInt("perennial.learner.loop.group-size"), c.getLong("seed"),
        sft.getInt("packs"), sft.getInt("steps"), sft.getInt("batch-size"), sft.getDouble("learning-rate"),
        sft.getInt("warmup-steps"), sft.getDouble("min-lr-ratio"), rl.getInt("steps"), rl.getInt("groups-in-flight"), rl.getDouble("learning-rate"),
        rl.getInt("warmup-steps"), eval.getInt("packs"), eval.getInt("pack-size"), eval.getDouble("temperature"),
        eval.getBoolean("before-sft"), c.getDuration("phase-timeout"), c.getDuration("report-every"));
  }

  /** The SFT learning rate: warm-up, then cosine decay to {@code sftMinLrRatio} of the peak (constant when it is 1). */
  public LearningRateSchedule sftSchedule() {
    boolean decays = sftMinLrRatio < 1 && sftSteps > sftWarmupSteps;
    return new LearningRateSchedule(sftLearningRate, sftWarmupSteps,
        decays ? LearningRateSchedule.Kind.COSINE : LearningRateSchedule.Kind.CONSTANT,
        sftSteps, sftMinLrRatio);
  }

  private static void positive(String key, int v) { atLeast(key, v, 1); }

  private static void atLeast(String key, int v, int min) {
    if (v < min) throw bad(key, "must be >= " + min + ", got " + v);
  }

  private static IllegalArgumentException bad(String key, String why) {
    return new IllegalArgumentException("perennial.train." + key + " " + why);
  }
}
