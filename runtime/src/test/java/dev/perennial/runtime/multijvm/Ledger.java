package dev.perennial.runtime.multijvm;

import dev.perennial.agents.episode.EpisodeRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The episode ledger check of the multi-JVM tests: every episode the agents completed (the
 * episode stream) against what the stand-in learner consumed (its journal), and the versions it
 * published.
 *
 * @param lost          episodes in the stream that were never consumed
 * @param trainedTwice  episodes consumed more than once
 * @param unknown       consumed ids that are not in the stream
 * @param versionFaults version numbers missing from 1..n or published twice
 */
record Ledger(int episodes, int distinctEpisodes, int consumed, List<String> lost, List<String> trainedTwice, List<String> unknown,
    List<Long> versions, List<String> versionFaults, Map<String, Integer> episodesPerGroup) {

  static Ledger of(List<EpisodeRecord> stream, List<StandInLearner.Event> learner) {
    Set<String> ids = new HashSet<>();
    Map<String, Integer> perGroup = new HashMap<>();
    for (EpisodeRecord r : stream) {
      ids.add(r.episodeId());
      perGroup.merge(r.groupId(), 1, Integer::sum);
    }
    Map<String, Integer> times = new HashMap<>();
    List<Long> versions = new ArrayList<>();
    for (StandInLearner.Event e : learner) {
      if (e instanceof StandInLearner.Consumed c) times.merge(c.episodeId(), 1, Integer::sum);
      if (e instanceof StandInLearner.Published p) versions.add(p.version());
    }
    List<String> lost = ids.stream().filter(id -> !times.containsKey(id)).sorted().toList();
    List<String> twice = times.entrySet().stream().filter(t -> t.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    List<String> unknown = times.keySet().stream().filter(id -> !ids.contains(id)).sorted().toList();
    List<String> faults = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i) != i + 1) faults.add("position " + i + " holds version " + versions.get(i) + ", expected " + (i + 1));
    }
    return new Ledger(stream.size(), ids.size(), times.values().stream().mapToInt(Integer::intValue).sum(), lost, twice, unknown,
        versions, faults, perGroup);
  }

  String summary() {
    return "episodes " + episodes + " (distinct " + distinctEpisodes + "), consumed " + consumed + ", lost " + lost.size()
        + ", trained twice " + trainedTwice.size() + ", unknown " + unknown.size() + ", versions 1.." + versions.size()
        + " (faults " + versionFaults.size() + ")";
  }
}
