package dev.perennial.runtime.eval;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentStatus;
import dev.perennial.environments.Pack;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Walks real agents through packs, at most {@code concurrency} at a time, from the calling thread
 * (it blocks that thread, never an actor's). Each job is one agent with a deterministic id and the
 * pack it walks; the agent persists every episode to the journal as usual. Resuming is looking:
 * an agent whose journal shows its pack done is not run again, one that was mid-pack when the last
 * run died carries on from its own journal (agents re-drive in-flight work on recovery), one that
 * halted is told to resume, and only an agent that never started is assigned its pack. While
 * agents work, a {@link StopRule} may end a pack early (Ralph's stop rules); an agent that halts
 * (its policy kept failing) or makes no progress for {@code stallTimeout} fails the whole run with
 * the reason, never a silent zero.
 */
public final class PackDriver {
  /** One agent and the pack it walks under {@code groupId}. */
  public record Job(String agentId, Pack pack, String groupId) {}

  public enum Ending { COMPLETED, STOPPED, DONE_BEFORE }

  /** How a job ended; {@code reason} is the stop rule's reason for {@link Ending#STOPPED}. */
  public record Finished(Job job, Ending ending, String reason) {}

  /** Looks at a working agent's status; a reason ends its pack there (the agent abandons it). */
  @FunctionalInterface
  public interface StopRule {
    StopRule NEVER = s -> Optional.empty();

    Optional<String> check(AgentStatus status);
  }

  @FunctionalInterface
  public interface Listener {
    void finished(Finished f, int done, int total);
  }

  public record Settings(int concurrency, Duration pollInterval, Duration askTimeout, Duration stallTimeout) {
    public Settings {
      if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
  }

  /** A run that cannot finish: an agent halted or stalled, or the actor system went away. */
  public static final class RunFailed extends RuntimeException {
    public RunFailed(String message, Throwable cause) { super(message, cause); }
  }

  private static final class Active {
    final Job job;
    final ActorRef<AgentEntity.Command> ref;
    final StopRule rule;
    final long completedBefore;
    String stopReason;
    String lastProgress = "";
    long lastProgressNanos = System.nanoTime();

    Active(Job job, ActorRef<AgentEntity.Command> ref, StopRule rule, long completedBefore) {
      this.job = job;
      this.ref = ref;
      this.rule = rule;
      this.completedBefore = completedBefore;
    }
  }

  private final ActorSystem<?> system;
  private final AgentDeps deps;
  private final Settings settings;

  public PackDriver(ActorSystem<?> system, AgentDeps deps, Settings settings) {
    this.system = system;
    this.deps = deps;
    this.settings = settings;
  }

  public List<Finished> run(List<Job> jobs, Function<Job, StopRule> rules, Listener listener) {
    Deque<Job> pending = new ArrayDeque<>(jobs);
    Map<String, Active> active = new LinkedHashMap<>();
    List<Finished> finished = new ArrayList<>();
    while (!pending.isEmpty() || !active.isEmpty()) {
      while (active.size() < settings.concurrency() && !pending.isEmpty()) {
        Job job = pending.poll();
        start(job, rules.apply(job)).ifPresentOrElse(a -> active.put(job.agentId(), a), () -> {
          finished.add(new Finished(job, Ending.DONE_BEFORE, "done in an earlier run"));
          listener.finished(finished.get(finished.size() - 1), finished.size(), jobs.size());
        });
      }
      if (active.isEmpty()) continue;
      sleep(settings.pollInterval());
      Map<String, CompletableFuture<AgentStatus>> asks = new LinkedHashMap<>();
      active.forEach((id, a) -> asks.put(id, status(a.ref)));
      for (var e : asks.entrySet()) {
        Active a = active.get(e.getKey());
        AgentStatus s = await(e.getValue(), "agent " + a.job.agentId() + " did not report its status");
        Optional<Finished> done = look(a, s);
        if (done.isPresent()) {
          active.remove(e.getKey());
          finished.add(done.get());
          listener.finished(done.get(), finished.size(), jobs.size());
        }
      }
    }
    return finished;
  }

  /** Spawns the agent and brings it to work; empty when its journal shows the pack already done. */
  private Optional<Active> start(Job job, StopRule rule) {
    ActorRef<AgentEntity.Command> ref = system.systemActorOf(AgentEntity.create(job.agentId(), deps),
        "agent-" + job.agentId().replaceAll("[^A-Za-z0-9_-]", "_"), Props.empty());
    AgentStatus s = await(status(ref), "agent " + job.agentId() + " did not recover from the journal");
    long completed = s.counters().packsCompleted();
    switch (s.activity()) {
      case WORKING -> { }
      case HALTED -> await(AskPattern.<AgentEntity.Command, Done>askWithStatus(ref, AgentEntity.ResumePack::new,
          settings.askTimeout(), system.scheduler()).toCompletableFuture(), "agent " + job.agentId() + " did not resume its pack");
      case IDLE -> {
        if (s.counters().packsAssigned() > 0) return Optional.empty();
        await(AskPattern.<AgentEntity.Command, Done>askWithStatus(ref,
            reply -> new AgentEntity.AssignPack(job.pack(), job.groupId(), reply), settings.askTimeout(), system.scheduler())
            .toCompletableFuture(), "agent " + job.agentId() + " did not take its pack");
      }
    }
    return Optional.of(new Active(job, ref, rule, completed));
  }

  private Optional<Finished> look(Active a, AgentStatus s) {
    switch (s.activity()) {
      case IDLE -> {
        boolean completed = s.counters().packsCompleted() > a.completedBefore;
        return Optional.of(completed || a.stopReason == null
            ? new Finished(a.job, Ending.COMPLETED, "pack completed")
            : new Finished(a.job, Ending.STOPPED, a.stopReason));
      }
      case HALTED -> throw new RunFailed("agent " + a.job.agentId() + " halted at position " + s.position() + " of pack "
          + a.job.pack().packId() + ": " + s.haltReason().orElse("?") + " (re-run with the same id to resume)", null);
      case WORKING -> {
        String progress = s.episodeId().orElse("") + "/" + s.phase().map(Enum::name).orElse("") + "/" + s.counters().turns();
        if (!progress.equals(a.lastProgress)) {
          a.lastProgress = progress;
          a.lastProgressNanos = System.nanoTime();
        } else if (System.nanoTime() - a.lastProgressNanos > settings.stallTimeout().toNanos()) {
          throw new RunFailed("agent " + a.job.agentId() + " made no progress for " + settings.stallTimeout().toMinutes()
              + " min (episode " + s.episodeId().orElse("?") + ", waiting for " + s.phase().map(Enum::name).orElse("?") + ")", null);
        }
        if (a.stopReason == null) {
          Optional<String> reason = a.rule.check(s);
          if (reason.isPresent()) {
            a.stopReason = reason.get();
            await(AskPattern.<AgentEntity.Command, Done>askWithStatus(a.ref, reply -> new AgentEntity.AbandonPack(reason.get(), reply),
                settings.askTimeout(), system.scheduler()).toCompletableFuture().exceptionally(e -> Done.getInstance()),
                "agent " + a.job.agentId() + " did not stop");
          }
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private CompletableFuture<AgentStatus> status(ActorRef<AgentEntity.Command> ref) {
    return AskPattern.<AgentEntity.Command, AgentStatus>ask(ref, AgentEntity.GetStatus::new, settings.askTimeout(),
        system.scheduler()).toCompletableFuture();
  }

  private <T> T await(CompletableFuture<T> f, String what) {
    try {
      return f.get(settings.askTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new RunFailed(what + ": " + DjlServing.describe(e.getCause())
          + (system.whenTerminated().isCompleted() ? " (the actor system stopped)" : ""), e.getCause());
    } catch (TimeoutException e) {
      throw new RunFailed(what + " within " + settings.askTimeout().toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunFailed(what + ": interrupted", e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunFailed("interrupted", e);
    }
  }
}
