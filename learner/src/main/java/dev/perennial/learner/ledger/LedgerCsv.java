package dev.perennial.learner.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger as {@code ledger.csv} (one line per episode: id, group, run, kind, position, policy
 * version, outcome, step, reason), written to a temporary file and moved into place so a reader
 * never sees half a file; and read back, so tests and users can check it.
 */
public final class LedgerCsv {
  public static final List<String> HEADER =
      List.of("episode_id", "group_id", "agent_id", "kind", "position", "policy_version", "outcome", "step", "reason");

  private LedgerCsv() {}

  public static void write(EpisodeLedger ledger, Path file) {
    StringBuilder out = new StringBuilder(String.join(",", HEADER)).append('\n');
    for (LedgerEntry e : ledger.entries()) {
      EpisodeRef r = e.episode();
      out.append(String.join(",", quote(r.episodeId()), quote(r.groupId()), quote(r.agentId()), r.kind().name(),
          Integer.toString(r.position()), Long.toString(r.policyVersion()), e.outcome().name(), Long.toString(e.step()),
          quote(e.reason()))).append('\n');
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".ledger", ".csv");
      Files.writeString(tmp, out, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the ledger to " + file, e);
    }
  }

  /** The entries of a ledger file written by {@link #write}. */
  public static List<LedgerEntry> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(String.join(",", HEADER))) {
      throw new IOException(file + " is not a ledger file (header " + HEADER + ")");
    }
    List<LedgerEntry> entries = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isEmpty()) continue;
      List<String> f = split(lines.get(i));
      if (f.size() != HEADER.size()) throw new IOException(file + " line " + (i + 1) + ": " + f.size() + " fields, expected " + HEADER.size());
      try {
        EpisodeRef ref = new EpisodeRef(f.get(0), f.get(1), f.get(2), dev.perennial.agents.episode.EpisodeKind.valueOf(f.get(3)),
            Integer.parseInt(f.get(4)), Long.parseLong(f.get(5)));
        entries.add(new LedgerEntry(ref, LedgerEntry.Outcome.valueOf(f.get(6)), Long.parseLong(f.get(7)), f.get(8)));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return entries;
  }

  /** One field; line breaks (a multi-line reason) become spaces so every entry stays on one line. */
  static String quote(String raw) {
    String s = raw.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
