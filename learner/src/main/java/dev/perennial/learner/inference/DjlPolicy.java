package dev.perennial.learner.inference;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.policy.PolicyException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code djl} backend of the {@link Policy} SPI: asks the node's {@link PolicyServer}, so that
 * every agent's calls share its batches. Never blocks; a rejection or a timeout completes the stage
 * with a {@link PolicyException} (queue full and timeouts are retryable, bad requests are not).
 */
public final class DjlPolicy implements Policy {
  private final ActorRef<PolicyServer.Command> server;
  private final Scheduler scheduler;
  private final Duration timeout;

  public DjlPolicy(ActorRef<PolicyServer.Command> server, Scheduler scheduler, Duration timeout) {
    this.server = server;
    this.scheduler = scheduler;
    this.timeout = timeout;
  }

  @Override
  public CompletionStage<Generation> generate(GenerationRequest request) {
    CompletionStage<PolicyServer.GenerateReply> reply =
        AskPattern.ask(server, replyTo -> new PolicyServer.Generate(request, replyTo), timeout, scheduler);
    return reply.handle((r, error) -> {
      if (error != null)
        return CompletableFuture.<Generation>failedFuture(new PolicyException(
            "policy server " + server.path() + " did not answer request " + request.requestId() + " within " + timeout, true, error));
      if (r instanceof PolicyServer.Rejected rejected)
        return CompletableFuture.<Generation>failedFuture(new PolicyException(rejected.reason(), rejected.retryable()));
      return CompletableFuture.completedFuture(((PolicyServer.Generated) r).generation());
    }).thenCompose(f -> f);
  }

  @Override
  public String describe() { return "djl:" + server.path(); }

  @Override
  public boolean trainable() { return true; }
}
