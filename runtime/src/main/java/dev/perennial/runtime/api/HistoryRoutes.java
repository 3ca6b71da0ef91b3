package dev.perennial.runtime.api;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.entity.AgentStatus;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An agent's past, read from the journal: {@code /agents/{id}/context-history} (every context
 * update with the hints it replaced and a word diff) and {@code /agents/{id}/episodes} (completed
 * episodes with their trajectories), both paged by journal sequence number ({@code from},
 * {@code limit}; the reply's {@code next} is where the next page starts).
 */
final class HistoryRoutes extends AllDirectives {
  private static final int MAX_EPISODES = 100;
  private static final int MAX_CHANGES = 1000;

  private final Views views;
  private final AgentJournal journal;
  private final Function<String, CompletionStage<AgentStatus>> requireAgent;
  private final ApiErrors errors;

  HistoryRoutes(Views views, AgentJournal journal, Function<String, CompletionStage<AgentStatus>> requireAgent,
      ApiErrors errors) {
    this.views = views;
    this.journal = journal;
    this.requireAgent = requireAgent;
    this.errors = errors;
  }

  Route route(String agentId) {
    return concat(
        path("context-history", () -> get(() -> parameterOptional("from", from -> parameterOptional("limit", limit ->
            reply(contextHistory(agentId, AgentRoutes.intParam("from", from, 1, 1, Integer.MAX_VALUE),
                AgentRoutes.intParam("limit", limit, 100, 1, MAX_CHANGES))))))),
        path("episodes", () -> get(() -> parameterOptional("from", from -> parameterOptional("limit", limit ->
            parameterOptional("kind", kind -> parameterOptional("trajectory", traj -> reply(episodes(agentId,
                AgentRoutes.intParam("from", from, 1, 1, Integer.MAX_VALUE), AgentRoutes.intParam("limit", limit, 20, 1, MAX_EPISODES),
                kind(kind), !traj.orElse("true").equals("false"))))))))));
  }

  private CompletionStage<HttpResponse> contextHistory(String agentId, long from, int limit) {
    return requireAgent.apply(agentId).thenCompose(s -> journal.contextHistory(agentId, from, limit)).thenApply(changes -> {
      ObjectNode n = Json.MAPPER.createObjectNode();
      n.put("agentId", agentId);
      ArrayNode list = n.putArray("changes");
      for (AgentJournal.ContextChange c : changes) {
        ObjectNode o = list.addObject();
        o.put("sequenceNr", c.sequenceNr());
        o.put("episodeId", c.episodeId());
        o.put("previous", c.previous());
        o.put("hints", c.hints());
        o.put("parsed", c.parsed());
        o.put("error", c.error());
        o.put("atMillis", c.atMillis());
        ArrayNode diff = o.putArray("diff");
        for (WordDiff.Op op : WordDiff.diff(c.previous(), c.hints())) diff.addObject().put("op", op.op()).put("text", op.text());
      }
      return Json.response(200, n);
    });
  }

  private CompletionStage<HttpResponse> episodes(String agentId, long from, int limit, Optional<EpisodeKind> kind, boolean trajectory) {
    return requireAgent.apply(agentId).thenCompose(s -> journal.episodes(agentId, from, limit, kind)).thenApply(page -> {
      ObjectNode n = Json.MAPPER.createObjectNode();
      n.put("agentId", agentId);
      ArrayNode list = n.putArray("episodes");
      for (EpisodeRecord r : page.episodes()) list.add(views.episode(r, trajectory));
      if (page.next() > 0) n.put("next", page.next());
      else n.putNull("next");
      return Json.response(200, n);
    });
  }

  private static Optional<EpisodeKind> kind(Optional<String> raw) {
    if (raw.isEmpty()) return Optional.empty();
    return switch (raw.get()) {
      case "solve" -> Optional.of(EpisodeKind.SOLVE);
      case "update" -> Optional.of(EpisodeKind.UPDATE);
      default -> throw Problem.badRequest("bad_parameter", "'kind' must be solve or update");
    };
  }

  private Route reply(CompletionStage<HttpResponse> response) {
    return completeWithFuture(response.exceptionally(errors::failure));
  }
}
