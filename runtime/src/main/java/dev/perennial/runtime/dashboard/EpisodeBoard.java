package dev.perennial.runtime.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.runtime.api.Json;
import dev.perennial.runtime.api.Views;
import dev.perennial.runtime.serve.LearnerView;
import dev.perennial.runtime.serve.ServeSettings;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the dashboard shows, kept up to date from the episode stream: per agent its reward and
 * success points (one per solve episode, the newest {@code points-per-agent}) and latest hints; the
 * CoD curve (successes by task position); the most recent episodes with their trajectories; the
 * learner's last status. Bounded in memory whatever the journal holds. Thread-safe: the stream
 * adds, HTTP requests read.
 */
public final class EpisodeBoard {
  /** One solve episode on an agent's curves. */
  private record Point(long index, double reward, boolean success, long atMillis) {}

  private static final class AgentLine {
    final Deque<Point> points = new ArrayDeque<>();
    long solves;
    long successes;
    double rewardSum;
    long updates;
    String hints = "";
    long lastMillis;
  }

  private final ServeSettings.Dashboard settings;
  private final Views views;
  private final Map<String, AgentLine> agents = new TreeMap<>();
  private final long[] positionSolves;
  private final long[] positionSuccesses;
  private final Deque<ObjectNode> recent = new ArrayDeque<>();
  private final long startedAtMillis = System.currentTimeMillis();
  private long episodes;
  private Optional<LearnerView> learner = Optional.empty();

  public EpisodeBoard(ServeSettings.Dashboard settings, Views views) {
    this.settings = settings;
    this.views = views;
    this.positionSolves = new long[settings.maxPositions()];
    this.positionSuccesses = new long[settings.maxPositions()];
  }

  /** Takes in a finished episode; returns the event the dashboard's open pages receive. */
  public synchronized ObjectNode add(EpisodeRecord r) {
    episodes++;
    AgentLine line = agents.computeIfAbsent(r.agentId(), id -> new AgentLine());
    line.lastMillis = r.finishedAtMillis();
    ObjectNode ep = views.episode(r, true);
    if (r.kind() == EpisodeKind.SOLVE) {
      line.solves++;
      line.rewardSum += r.rewards().total(false);
      if (r.rewards().success()) line.successes++;
      line.points.addLast(new Point(line.solves, r.rewards().total(false), r.rewards().success(), r.finishedAtMillis()));
      while (line.points.size() > settings.pointsPerAgent()) line.points.removeFirst();
      int p = Math.min(Math.max(0, r.position()), positionSolves.length - 1);
      positionSolves[p]++;
      if (r.rewards().success()) positionSuccesses[p]++;
      ep.put("index", line.solves);
    } else {
      line.updates++;
      line.hints = r.hints();
    }
    recent.addFirst(ep);
    while (recent.size() > settings.recentEpisodes()) recent.removeLast();
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.set("episode", ep);
    event.set("agent", agentJson(r.agentId(), line, r.kind() == EpisodeKind.SOLVE ? 1 : 0));
    event.set("positions", positionsJson());
    return event;
  }

  public synchronized ObjectNode learnerPolled(Optional<LearnerView> view) {
    learner = view;
    ObjectNode event = Json.MAPPER.createObjectNode();
    view.ifPresentOrElse(v -> event.set("learner", views.learner(v)), () -> event.putNull("learner"));
    return event;
  }

  public synchronized ObjectNode snapshot() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("startedAtMillis", startedAtMillis);
    n.put("episodes", episodes);
    ArrayNode list = n.putArray("agents");
    agents.forEach((id, line) -> list.add(agentJson(id, line, Integer.MAX_VALUE)));
    n.set("positions", positionsJson());
    ArrayNode rec = n.putArray("recent");
    recent.forEach(rec::add);
    learner.ifPresentOrElse(v -> n.set("learner", views.learner(v)), () -> n.putNull("learner"));
    return n;
  }

  /** A recent episode with its trajectory, by id. */
  public synchronized Optional<ObjectNode> recentEpisode(String episodeId) {
    return recent.stream().filter(e -> e.path("episodeId").asText().equals(episodeId)).findFirst().map(ObjectNode::deepCopy);
  }

  /** The agent's line with its newest {@code points} points (events carry only the point they add). */
  private ObjectNode agentJson(String id, AgentLine line, int points) {
    ObjectNode a = Json.MAPPER.createObjectNode();
    a.put("agentId", id);
    a.put("solves", line.solves);
    a.put("successes", line.successes);
    a.put("updates", line.updates);
    a.put("rewardMean", line.solves == 0 ? 0 : line.rewardSum / line.solves);
    a.put("hints", line.hints);
    a.put("lastMillis", line.lastMillis);
    ArrayNode pts = a.putArray("points");
    for (Point p : line.points.stream().skip(Math.max(0, line.points.size() - points)).toList()) pts.addArray().add(p.index()).add(p.reward()).add(p.success() ? 1 : 0).add(p.atMillis());
    return a;
  }

  private ArrayNode positionsJson() {
    ArrayNode arr = Json.MAPPER.createArrayNode();
    for (int i = 0; i < positionSolves.length; i++) {
      if (positionSolves[i] == 0) continue;
      arr.addObject().put("position", i).put("solves", positionSolves[i]).put("successes", positionSuccesses[i]);
    }
    return arr;
  }
}
