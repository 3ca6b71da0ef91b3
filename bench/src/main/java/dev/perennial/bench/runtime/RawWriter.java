package dev.perennial.bench.runtime;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import dev.perennial.agents.entity.AgentEvent;
import java.util.List;
import java.util.Set;

/**
 * The reference an agent's journal rate is compared with: an event-sourced actor with no agent
 * logic that persists a given sequence of event batches, each batch as one atomic write exactly
 * as the agent grouped it, the next batch as soon as the previous is confirmed, with the agent's
 * tags. It stays alive between jobs, as a long-lived agent does. Local to the benchmark JVM.
 */
public final class RawWriter extends EventSourcedBehavior<RawWriter.Command, AgentEvent, Long> {
  public sealed interface Command {}

  /** Persist {@code batches} in order, {@code repeat} times over; answer when the last is written. */
  public record Write(List<List<AgentEvent>> batches, int repeat, ActorRef<Done> replyTo) implements Command {}

  private record Next(Write job, int index) implements Command {}

  private final ActorContext<Command> ctx;
  private final String episodeTag;
  private final String journal;
  private final String snapshots;

  private RawWriter(ActorContext<Command> ctx, String id, String episodeTag, String journal, String snapshots) {
    super(PersistenceId.of("RawWriter", id));
    this.ctx = ctx;
    this.episodeTag = episodeTag;
    this.journal = journal;
    this.snapshots = snapshots;
  }

  /** {@code journal}/{@code snapshots}: plugin ids, "" for the configured default. */
  public static Behavior<Command> create(String id, String episodeTag, String journal, String snapshots) {
    return Behaviors.setup(ctx -> new RawWriter(ctx, id, episodeTag, journal, snapshots));
  }

  @Override
  public Long emptyState() { return 0L; }

  @Override
  public String journalPluginId() { return journal; }

  @Override
  public String snapshotPluginId() { return snapshots; }

  @Override
  public Set<String> tagsFor(AgentEvent event) {
    return event instanceof AgentEvent.EpisodeCompleted ? Set.of(episodeTag) : Set.of();
  }

  @Override
  public CommandHandler<Command, AgentEvent, Long> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Write.class, (s, w) -> write(new Next(w, 0)))
        .onCommand(Next.class, (s, n) -> write(n))
        .build();
  }

  private akka.persistence.typed.javadsl.Effect<AgentEvent, Long> write(Next n) {
    Write job = n.job();
    int total = job.batches().size() * job.repeat();
    if (n.index() >= total) {
      job.replyTo().tell(Done.getInstance());
      return Effect().none();
    }
    List<AgentEvent> batch = job.batches().get(n.index() % job.batches().size());
    return Effect().persist(batch).thenRun(s -> ctx.getSelf().tell(new Next(job, n.index() + 1)));
  }

  @Override
  public EventHandler<Long, AgentEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((count, e) -> count + 1);
  }
}
