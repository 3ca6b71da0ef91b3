package dev.perennial.learner.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.agents.episode.EpisodeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeLedgerTest {
  private static EpisodeRef ref(String id) { return new EpisodeRef(id, "g,1", "agent \"x\"", EpisodeKind.UPDATE, 2, 7); }

  @Test
  void anEpisodeIsDecidedOnceAndCountedByCategory() {
    EpisodeLedger l = EpisodeLedger.empty()
        .with(List.of(LedgerEntry.trained(ref("a"), 1), LedgerEntry.dropped(ref("b"), 1, "stale: 5 versions behind")))
        .with(List.of(LedgerEntry.dropped(ref("c"), 2, "stale: 6 versions behind")));
    assertEquals(3, l.size());
    assertEquals(1, l.trained());
    assertEquals(2, l.dropped());
    assertEquals(Map.of("trained", 1, "stale", 2), l.countsByReason());
    var e = assertThrows(IllegalStateException.class, () -> l.with(List.of(LedgerEntry.trained(ref("b"), 3))));
    assertTrue(e.getMessage().contains("already dropped at step 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LedgerEntry.dropped(ref("d"), 1, " "));
  }

  @Test
  void theCsvReadsBackExactly(@TempDir Path dir) throws Exception {
    EpisodeLedger l = EpisodeLedger.empty().with(List.of(LedgerEntry.trained(ref("a,1"), 1),
        LedgerEntry.dropped(ref("b"), 2, "untrainable: line one\nline \"two\", and more")));
    Path file = dir.resolve("runs/x/ledger.csv");
    LedgerCsv.write(l, file);
    List<LedgerEntry> back = LedgerCsv.read(file);
    assertEquals(2, back.size());
    assertEquals(l.entries().get(0), back.get(0));
    assertEquals("untrainable: line one line \"two\", and more", back.get(1).reason());
    assertEquals(3, Files.readAllLines(file).size());
  }
}
