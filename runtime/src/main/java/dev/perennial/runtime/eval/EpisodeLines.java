package dev.perennial.runtime.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Turn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * {@code results.jsonl}: one line per episode with the full trajectory (every turn's injected and
 * sampled text, its finish reason and token counts), the rewards, answer, hints and feedback, and
 * the labels that place it in the run (environment, pack, sample; or task and attempt). Written
 * whole from the journal at the end of every run, so a resumed run's file is complete.
 */
public final class EpisodeLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An episode and where it belongs in the run. */
  public record Labeled(EpisodeRecord record, Map<String, Object> labels) {}

  private EpisodeLines() {}

  public static void write(Path file, List<Labeled> episodes) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (Labeled e : episodes) {
        w.write(JSON.writeValueAsString(line(e)));
        w.write('\n');
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static ObjectNode line(Labeled e) {
    EpisodeRecord r = e.record();
    ObjectNode o = JSON.createObjectNode();
    e.labels().forEach((k, v) -> o.putPOJO(k, v));
    o.put("episode_id", r.episodeId());
    o.put("agent_id", r.agentId());
    o.put("environment", r.environment());
    o.put("pack_id", r.packId());
    o.put("group_id", r.groupId());
    o.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
    o.put("position", r.position());
    o.put("task_id", r.taskId());
    o.put("policy_version", r.policyVersion());
    ObjectNode rw = o.putObject("rewards");
    rw.put("outcome", r.rewards().outcome());
    rw.put("format", r.rewards().format());
    rw.put("penalty", r.rewards().penalty());
    rw.put("success", r.rewards().success());
    o.put("answer", r.answer());
    o.put("hints", r.hints());
    o.put("feedback", r.feedback());
    o.put("truncated", r.truncated());
    o.put("tool_calls", r.toolCalls());
    o.put("tool_failures", r.toolFailures());
    o.put("generated_tokens", r.generatedTokens());
    o.put("started_at_ms", r.startedAtMillis());
    o.put("finished_at_ms", r.finishedAtMillis());
    var turns = o.putArray("turns");
    for (Turn t : r.turns()) {
      ObjectNode n = turns.addObject();
      n.put("injected", t.injectedText());
      n.put("sampled", t.sampledText());
      n.put("finish_reason", t.finishReason().name().toLowerCase(java.util.Locale.ROOT));
      n.put("injected_tokens", t.injectedTokenIds().length);
      n.put("sampled_tokens", t.sampledTokenIds().length);
      n.put("policy_version", t.policyVersion());
    }
    return o;
  }
}
