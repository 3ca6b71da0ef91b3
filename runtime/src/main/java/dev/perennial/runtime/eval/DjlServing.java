package dev.perennial.runtime.eval;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Props;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.agents.policy.Segment;
import dev.perennial.learner.checkpoint.Checkpoints;
import dev.perennial.learner.inference.DjlPolicy;
import dev.perennial.learner.inference.InitialPolicy;
import dev.perennial.learner.inference.PolicyServer;
import dev.perennial.learner.inference.PolicyServerSettings;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves a checkpoint in this JVM: a {@link PolicyServer} (batched DJL inference, on its own
 * dispatcher) under a small host actor that watches it, and a {@link DjlPolicy} in front. Startup
 * is checked: the checkpoint's config and tokenizer are read first, then one probe generation must
 * succeed, and a server that dies while loading the weights fails {@link #start} with its own
 * reason instead of a timeout later. Used by {@code eval}, {@code ralph} and {@code serve-policy}.
 */
public final class DjlServing {
  private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(5);

  private DjlServing() {}

  /** A served checkpoint: the policy to call and the server behind it. */
  public record Served(DjlPolicy policy, ActorRef<PolicyServer.Command> server, CheckpointDir checkpoint) {}

  public static Served start(ActorSystem<?> system, Config config, CheckpointDir checkpoint, String name) throws IOException {
    Checkpoints.config(checkpoint.dir()); // a clear error for a bad config.json before any actor starts
    PolicyTokenizer.load(checkpoint.dir());
    PolicyServerSettings settings = PolicyServerSettings.from(config.getConfig("perennial.learner.inference"));
    CompletableFuture<ActorRef<PolicyServer.Command>> started = new CompletableFuture<>();
    CompletableFuture<Throwable> died = new CompletableFuture<>();
    system.systemActorOf(host(PolicyServer.create(settings, InitialPolicy.checkpoint(checkpoint.version(), checkpoint.dir())),
        started, died), name, Props.empty());
    ActorRef<PolicyServer.Command> server = await(started, "the policy server did not start");
    DjlPolicy policy = new DjlPolicy(server, system.scheduler(), settings.askTimeout());
    var probe = new GenerationRequest("probe", List.of(new Segment.Injected("probe")),
        new SamplingParams(0, 1, 0, 1, List.of()), 0);
    CompletableFuture<Object> first = CompletableFuture.anyOf(policy.generate(probe).toCompletableFuture(), died);
    Object result = await(first, "the checkpoint " + checkpoint.dir() + " did not answer a probe generation");
    if (died.isDone()) {
      Throwable cause = died.getNow(null);
      throw new IOException("the checkpoint " + checkpoint.dir() + " could not be served: "
          + (cause == null ? "the policy server stopped" : describe(cause)), cause);
    }
    return new Served(policy, server, checkpoint);
  }

  private static Behavior<Void> host(Behavior<PolicyServer.Command> server, CompletableFuture<ActorRef<PolicyServer.Command>> started,
      CompletableFuture<Throwable> died) {
    return Behaviors.setup(ctx -> {
      ActorRef<PolicyServer.Command> ref = ctx.spawn(server, "server", DispatcherSelector.fromConfig(PolicyServerSettings.DISPATCHER));
      ctx.watch(ref);
      started.complete(ref);
      return Behaviors.receive(Void.class)
          .onSignal(ChildFailed.class, s -> {
            died.complete(s.getCause());
            return Behaviors.stopped();
          })
          .onSignal(Terminated.class, s -> {
            died.complete(null);
            return Behaviors.stopped();
          })
          .build();
    });
  }

  private static <T> T await(CompletableFuture<T> f, String what) throws IOException {
    try {
      return f.get(PROBE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IOException(what + " within " + PROBE_TIMEOUT.toMinutes() + " min");
    } catch (ExecutionException e) {
      throw new IOException(what + ": " + describe(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + ": interrupted", e);
    }
  }

  static String describe(Throwable t) {
    while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
