package dev.perennial.learner.loop;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Collects episodes by group until a group is complete: G runs × (2n − 1) episodes (n solves and
 * n − 1 updates per run). G is the group size the episodes record, or {@code defaultGroupSize}
 * for episodes that do not record it. An episode id already held is ignored (the stream may
 * deliver an episode again after a restart). Episodes that cannot belong to the group they name
 * (a different pack size or group size, a position outside the pack, a second episode at the same
 * place of a run, more runs than G) are refused with the reason, so one bad producer cannot wedge
 * a group. Not thread-safe: owned by the learner actor.
 */
public final class GroupBuffer {
  /** What an offered episode did. */
  public sealed interface Added {}

  /** Held; the group still waits for more. */
  public record Held(String groupId) implements Added {}

  /** The episode completed its group, which leaves the buffer. */
  public record Completed(CompleteGroup group) implements Added {}

  /** Already held (same episode id): nothing changed. */
  public record Duplicate(String episodeId) implements Added {}

  /** The episode does not fit its group: it is not held. */
  public record Refused(EpisodeRecord episode, String reason) implements Added {}

  private static final class Pending {
    final String groupId;
    final int runs;
    final int packSize;
    final long firstArrivalMillis;
    final Map<String, EpisodeRecord> byId = new LinkedHashMap<>();
    final Set<String> places = new HashSet<>();
    final Set<String> agents = new HashSet<>();

    Pending(String groupId, int runs, int packSize, long now) {
      this.groupId = groupId;
      this.runs = runs;
      this.packSize = packSize;
      this.firstArrivalMillis = now;
    }

    int expected() { return runs * (2 * packSize - 1); }
  }

  private final int defaultGroupSize;
  private final Map<String, Pending> groups = new LinkedHashMap<>();
  private final Map<String, String> groupOfEpisode = new LinkedHashMap<>();

  public GroupBuffer(int defaultGroupSize) {
    if (defaultGroupSize < 1) throw new IllegalArgumentException("group size must be >= 1, got " + defaultGroupSize);
    this.defaultGroupSize = defaultGroupSize;
  }

  public Added add(EpisodeRecord e, long nowMillis) {
    if (groupOfEpisode.containsKey(e.episodeId())) return new Duplicate(e.episodeId());
    int runs = e.groupSize() > 0 ? e.groupSize() : defaultGroupSize;
    Optional<String> invalid = validate(e);
    if (invalid.isPresent()) return new Refused(e, invalid.get());
    Pending g = groups.computeIfAbsent(e.groupId(), id -> new Pending(id, runs, e.packSize(), nowMillis));
    if (g.packSize != e.packSize()) {
      return new Refused(e, "pack size " + e.packSize() + " differs from the group's " + g.packSize);
    }
    if (g.runs != runs) return new Refused(e, "group size " + runs + " differs from the group's " + g.runs);
    String place = e.agentId() + "|" + e.kind() + "|" + e.position();
    if (g.places.contains(place)) {
      return new Refused(e, "run " + e.agentId() + " already has a " + e.kind() + " episode at position " + e.position()
          + " in group " + e.groupId());
    }
    if (!g.agents.contains(e.agentId()) && g.agents.size() == g.runs) {
      return new Refused(e, "group " + e.groupId() + " already has its " + g.runs + " runs; " + e.agentId() + " is one too many");
    }
    g.places.add(place);
    g.agents.add(e.agentId());
    g.byId.put(e.episodeId(), e);
    groupOfEpisode.put(e.episodeId(), e.groupId());
    if (g.byId.size() < g.expected()) return new Held(e.groupId());
    return new Completed(remove(g.groupId).orElseThrow());
  }

  private static Optional<String> validate(EpisodeRecord e) {
    if (e.groupId() == null || e.groupId().isBlank()) return Optional.of("it has no group id");
    if (e.agentId() == null || e.agentId().isBlank()) return Optional.of("it has no agent id");
    if (e.packSize() < 1) return Optional.of("pack size " + e.packSize() + " < 1");
    int last = e.kind() == EpisodeKind.SOLVE ? e.packSize() - 1 : e.packSize() - 2;
    if (e.position() < 0 || e.position() > last) {
      return Optional.of(e.kind() + " position " + e.position() + " outside 0.." + last + " for a pack of " + e.packSize());
    }
    return Optional.empty();
  }

  public boolean contains(String episodeId) { return groupOfEpisode.containsKey(episodeId); }

  public int pendingGroups() { return groups.size(); }

  public int pendingEpisodes() { return groupOfEpisode.size(); }

  /** Takes a group out of the buffer (complete or not), e.g. to drop it. */
  public Optional<CompleteGroup> remove(String groupId) {
    Pending g = groups.remove(groupId);
    if (g == null) return Optional.empty();
    g.byId.keySet().forEach(groupOfEpisode::remove);
    return Optional.of(new CompleteGroup(g.groupId, g.runs, g.packSize, new ArrayList<>(g.byId.values())));
  }

  /** Groups whose first episode arrived at or before {@code cutoffMillis} and that are still incomplete. */
  public List<String> waitingSince(long cutoffMillis) {
    List<String> out = new ArrayList<>();
    for (Pending g : groups.values()) if (g.firstArrivalMillis <= cutoffMillis) out.add(g.groupId);
    return out;
  }

  /** How many of the expected episodes group {@code groupId} holds, as "k of m". */
  public String progress(String groupId) {
    Pending g = groups.get(groupId);
    return g == null ? "not pending" : g.byId.size() + " of " + g.expected() + " episodes";
  }
}
