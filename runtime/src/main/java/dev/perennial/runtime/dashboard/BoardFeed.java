package dev.perennial.runtime.dashboard;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.stream.KillSwitches;
import akka.stream.OverflowStrategy;
import akka.stream.RestartSettings;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.BroadcastHub;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.RestartSource;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.entity.EpisodeFeed;
import dev.perennial.runtime.metrics.LearnerGauges;
import dev.perennial.runtime.serve.LearnerProbe;
import dev.perennial.runtime.serve.ServeSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Feeds the {@link EpisodeBoard} and the dashboard's open pages: the episode stream (every agent's
 * completed episodes, from the start of the journal, then live; restarted from the last offset
 * after a failure, so nothing is counted twice) and the learner's status, polled. Each update
 * goes to one broadcast hub that every event-stream connection attaches to, through its own
 * bounded buffer so a slow browser drops its oldest events instead of slowing the rest.
 */
public final class BoardFeed implements AutoCloseable {
  /** A named event for the dashboard's pages. */
  public record BoardEvent(String type, ObjectNode data) {}

  private final Source<BoardEvent, NotUsed> hub;
  private final UniqueKillSwitch kill;
  private final ServeSettings.Dashboard settings;

  private BoardFeed(Source<BoardEvent, NotUsed> hub, UniqueKillSwitch kill, ServeSettings.Dashboard settings) {
    this.hub = hub;
    this.kill = kill;
    this.settings = settings;
  }

  public static BoardFeed start(ActorSystem<?> system, EpisodeBoard board, LearnerProbe learner, LearnerGauges gauges,
      ServeSettings.Dashboard settings) {
    AtomicReference<String> offset = new AtomicReference<>(null);
    Source<BoardEvent, NotUsed> episodes = RestartSource.withBackoff(
            RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2),
            () -> EpisodeFeed.live(system, offset.get()))
        .map(stored -> {
          BoardEvent e = new BoardEvent("episode", board.add(stored.record()));
          offset.set(stored.offset());
          return e;
        });
    Source<BoardEvent, NotUsed> learnerEvents = Source.tick(Duration.ZERO, settings.learnerPoll(), NotUsed.getInstance())
        .mapAsync(1, tick -> learner.status().exceptionally(err -> Optional.empty()))
        .map(view -> {
          gauges.update(view);
          return new BoardEvent("learner", board.learnerPolled(view));
        })
        .mapMaterializedValue(c -> NotUsed.getInstance());
    var pair = episodes.merge(learnerEvents)
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(BroadcastHub.of(BoardEvent.class, 256), Keep.both())
        .run(system);
    // one subscriber that is always there, so the board keeps up while no page is open
    pair.second().runWith(Sink.ignore(), system);
    return new BoardFeed(pair.second(), pair.first(), settings);
  }

  /** The live events for one page; its own buffer drops the oldest when the page falls behind. */
  public Source<BoardEvent, NotUsed> events() {
    return hub.buffer(settings.clientBuffer(), OverflowStrategy.dropHead());
  }

  @Override
  public void close() { kill.shutdown(); }
}
