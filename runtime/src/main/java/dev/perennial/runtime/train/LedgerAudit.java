package dev.perennial.runtime.train;

import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Sink;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.entity.EpisodeFeed;
import dev.perennial.learner.ledger.EpisodeLedger;
import dev.perennial.learner.ledger.LedgerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the exactly-once promise against the journal: every completed episode in the episode
 * stream is trained, dropped with a reason, or still pending; "pending" is legitimate only after
 * the learner's resume offset (everything at or before it must be decided, else it was lost); and
 * the ledger holds no id twice (it refuses to) and no id the stream does not have.
 *
 * @param lost    episodes at or before the resume offset that the ledger lacks (must be empty)
 * @param unknown ledger ids that are not in the episode stream (must be empty)
 */
public record LedgerAudit(int episodesInJournal, int distinctEpisodes, long trained, long dropped, int pending, List<String> lost,
    List<String> unknown, Map<String, Integer> byCategory, String resumeOffset) {

  public boolean ok() { return lost.isEmpty() && unknown.isEmpty() && distinctEpisodes == episodesInJournal; }

  public static LedgerAudit of(ActorSystem<?> system, EpisodeLedger ledger, String resumeOffset) {
    List<EpisodeFeed.StoredEpisode> all = EpisodeFeed.current(system, "none").runWith(Sink.seq(), system).toCompletableFuture().join();
    long resumeAt = sequence(resumeOffset);
    Map<String, Integer> seen = new HashMap<>();
    List<String> lost = new ArrayList<>();
    int pending = 0;
    for (EpisodeFeed.StoredEpisode e : all) {
      String id = e.record().episodeId();
      if (seen.merge(id, 1, Integer::sum) > 1) continue;
      if (ledger.contains(id)) continue;
      if (sequence(e.offset()) <= resumeAt) lost.add(id); else pending++;
    }
    List<String> unknown = new ArrayList<>();
    for (LedgerEntry entry : ledger.entries()) if (!seen.containsKey(entry.episodeId())) unknown.add(entry.episodeId());
    return new LedgerAudit(all.size(), seen.size(), ledger.trained(), ledger.dropped(), pending, lost, unknown,
        ledger.countsByReason(), resumeOffset);
  }

  /** A JDBC offset "seq:N" as N; "none" as 0. Other offset kinds cannot be compared here. */
  private static long sequence(String offset) {
    if (offset == null || offset.equals("none")) return 0;
    if (!offset.startsWith("seq:")) throw new IllegalArgumentException("the ledger audit needs sequence offsets, got " + offset);
    return Long.parseLong(offset.substring(4));
  }

  void write(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode n = json.createObjectNode();
    n.put("ok", ok());
    n.put("episodes_in_journal", episodesInJournal);
    n.put("distinct_episodes", distinctEpisodes);
    n.put("trained", trained);
    n.put("dropped", dropped);
    n.put("pending", pending);
    n.put("resume_offset", resumeOffset);
    n.putPOJO("decided_by_category", byCategory);
    n.putPOJO("lost", lost);
    n.putPOJO("unknown", unknown);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, json.writeValueAsBytes(n));
  }
}
