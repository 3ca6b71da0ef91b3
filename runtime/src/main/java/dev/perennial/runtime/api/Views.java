package dev.perennial.runtime.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.deploy.AgentProfile;
import dev.perennial.agents.deploy.TaskView;
import dev.perennial.agents.entity.AgentStatus;
import dev.perennial.agents.entity.Counters;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.protocol.ProtocolTags;
import dev.perennial.runtime.serve.LearnerView;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON the API and the dashboard show: agents, tasks, episodes (with their trajectory cut into
 * plan / code / interpreter / reflect / answer segments, token ids left out), learner status. One
 * place, so the OpenAPI file has one shape per thing to describe.
 */
public final class Views {
  private final Trajectories trajectories;

  public Views(ProtocolTags tags) { this.trajectories = new Trajectories(tags); }

  public ObjectNode agent(AgentStatus s) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("id", s.agentId());
    n.put("deployed", s.profile().isPresent());
    n.put("activity", lower(s.activity().name()));
    n.put("hints", s.hints());
    s.profile().ifPresentOrElse(p -> n.set("profile", profile(p)), () -> n.putNull("profile"));
    ObjectNode tasks = n.putObject("tasks");
    tasks.put("accepted", s.tasks().accepted());
    tasks.put("unanswered", s.tasks().unanswered());
    tasks.put("awaitingFeedback", s.tasks().awaitingFeedback());
    if (s.packId().isPresent()) {
      ObjectNode pack = n.putObject("pack");
      pack.put("packId", s.packId().get());
      pack.put("groupId", s.groupId().orElse(""));
      pack.put("position", s.position());
      pack.put("size", s.packSize());
    } else {
      n.putNull("pack");
    }
    if (s.episodeId().isPresent()) {
      ObjectNode ep = n.putObject("episode");
      ep.put("episodeId", s.episodeId().get());
      ep.put("kind", s.episodeKind().map(k -> lower(k.name())).orElse(""));
      ep.put("phase", s.phase().map(p -> lower(p.name())).orElse(""));
    } else {
      n.putNull("episode");
    }
    s.haltReason().ifPresentOrElse(r -> n.put("haltReason", r), () -> n.putNull("haltReason"));
    n.set("counters", counters(s.counters()));
    return n;
  }

  public ObjectNode task(TaskView t) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("agentId", t.agentId());
    n.put("id", t.taskId());
    n.put("position", t.position());
    n.put("status", lower(t.status().name()));
    n.put("text", t.text());
    n.put("answer", t.answer());
    n.put("truncated", t.truncated());
    n.put("verifier", t.verifier());
    t.reward().ifPresentOrElse(r -> n.put("reward", r), () -> n.putNull("reward"));
    t.success().ifPresentOrElse(r -> n.put("success", r), () -> n.putNull("success"));
    n.put("verdict", t.verdict());
    n.put("hintsAfter", t.hintsAfter());
    n.put("solveEpisodeId", t.solveEpisodeId());
    n.put("updateEpisodeId", t.updateEpisodeId());
    n.put("error", t.error());
    n.put("acceptedAtMillis", t.acceptedAtMillis());
    n.put("answeredAtMillis", t.answeredAtMillis());
    n.put("finishedAtMillis", t.finishedAtMillis());
    return n;
  }

  /** An episode; {@code withTrajectory} adds its turns cut into segments. */
  public ObjectNode episode(EpisodeRecord r, boolean withTrajectory) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("episodeId", r.episodeId());
    n.put("agentId", r.agentId());
    n.put("kind", lower(r.kind().name()));
    n.put("environment", r.environment());
    n.put("packId", r.packId());
    n.put("groupId", r.groupId());
    n.put("position", r.position());
    n.put("packSize", r.packSize());
    n.put("taskId", r.taskId());
    n.put("policyVersion", r.policyVersion());
    n.put("reward", r.rewards().total(false));
    n.put("outcome", r.rewards().outcome());
    n.put("format", r.rewards().format());
    n.put("penalty", r.rewards().penalty());
    n.put("success", r.rewards().success());
    n.put("truncated", r.truncated());
    n.put("answer", r.answer());
    n.put("hints", r.hints());
    n.put("feedback", r.feedback());
    n.put("turns", r.turns().size());
    n.put("generatedTokens", r.generatedTokens());
    n.put("toolCalls", r.toolCalls());
    n.put("toolFailures", r.toolFailures());
    n.put("startedAtMillis", r.startedAtMillis());
    n.put("finishedAtMillis", r.finishedAtMillis());
    if (withTrajectory) {
      ArrayNode segs = n.putArray("trajectory");
      for (Trajectories.Piece p : trajectories.pieces(r.turns())) {
        ObjectNode s = segs.addObject();
        s.put("kind", p.kind());
        s.put("text", p.text());
        if (!p.tool().isEmpty()) s.put("tool", p.tool());
        s.put("generated", p.generated());
      }
      ArrayNode turns = n.putArray("turnDetails");
      for (Turn t : r.turns()) {
        ObjectNode o = turns.addObject();
        o.put("injectedTokens", t.injectedTokenIds().length);
        o.put("generatedTokens", t.generatedTokens());
        o.put("finishReason", lower(t.finishReason().name()));
        o.put("policyVersion", t.policyVersion());
      }
    }
    return n;
  }

  public ObjectNode learner(LearnerView v) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("policyVersion", v.policyVersion());
    n.put("step", v.step());
    n.put("queuedEpisodes", v.queuedEpisodes());
    n.put("readyGroups", v.readyGroups());
    v.lastStepSeconds().ifPresentOrElse(s -> n.put("lastStepSeconds", s), () -> n.putNull("lastStepSeconds"));
    ObjectNode m = n.putObject("recentMetrics");
    for (Map.Entry<String, Double> e : new java.util.TreeMap<>(v.recentMetrics()).entrySet()) m.put(e.getKey(), e.getValue());
    n.put("finished", v.finished());
    v.lastError().ifPresentOrElse(s -> n.put("lastError", s), () -> n.putNull("lastError"));
    return n;
  }

  private static ObjectNode profile(AgentProfile p) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("policy", p.policy().backend().equals("openai") ? "openai:" + p.policy().url() : p.policy().backend());
    n.put("model", p.policy().model());
    ArrayNode tools = n.putArray("tools");
    p.tools().forEach(tools::add);
    n.put("instructions", p.instructions());
    p.defaultVerifier().ifPresentOrElse(v -> n.put("verifier", v), () -> n.putNull("verifier"));
    return n;
  }

  private static ObjectNode counters(Counters c) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("packsAssigned", c.packsAssigned());
    n.put("packsCompleted", c.packsCompleted());
    n.put("solveEpisodes", c.solveEpisodes());
    n.put("updateEpisodes", c.updateEpisodes());
    n.put("successes", c.successes());
    n.put("truncated", c.truncated());
    n.put("turns", c.turns());
    n.put("generatedTokens", c.generatedTokens());
    n.put("toolCalls", c.toolCalls());
    n.put("toolFailures", c.toolFailures());
    n.put("malformedCalls", c.malformedCalls());
    n.put("hintsParseFailures", c.hintsParseFailures());
    return n;
  }

  static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
