package dev.perennial.runtime.multijvm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * What the test nodes print, parsed and time-stamped: node up, stand-in or real learner recovered
 * (for the learner, {@code consumed} is the episodes its ledger had decided), agent turns, policy
 * loads (the stand-in's marker, or a PolicyServer that verified and swapped in a version). Fed by every node's output pump thread; read by the test thread.
 */
final class NodeEvents {
  sealed interface Event {
    int node();
    long at();
  }

  record Up(int node, long at) implements Event {}

  record Recovered(int node, long at, int consumed, long version) implements Event {}

  record Turn(int node, long at, String agentId) implements Event {}

  record Loaded(int node, long at, long version, String verdict) implements Event {}

  private static final String LEARNER_RECOVERED = "learner recovered at step ";
  private static final String SERVING = "PolicyServer: now serving version ";

  private final List<Event> events = new CopyOnWriteArrayList<>();

  void parse(int node, String line) {
    long now = System.currentTimeMillis();
    if (line.startsWith("perennial node up:")) {
      events.add(new Up(node, now));
    } else if (line.startsWith("STANDIN RECOVERED ")) {
      events.add(new Recovered(node, field(line, "t=", now), (int) field(line, "consumed=", 0), field(line, "version=", 0)));
    } else if (line.contains(LEARNER_RECOVERED)) {
      String m = line.substring(line.indexOf(LEARNER_RECOVERED));
      // "learner recovered at step 2 (version 2, 12 episodes decided); resuming the stream after seq:40"
      String[] p = m.substring(LEARNER_RECOVERED.length()).replaceAll("[(),;]", " ").trim().split("\\s+");
      events.add(new Recovered(node, now, Integer.parseInt(p[3]), Long.parseLong(p[2])));
    } else if (line.contains(SERVING)) {
      String[] p = line.substring(line.indexOf(SERVING) + SERVING.length()).split(" ");
      events.add(new Loaded(node, now, Long.parseLong(p[0]), "ok"));
    } else if (line.startsWith("TURN ")) {
      String[] p = line.split(" ");
      events.add(new Turn(node, Long.parseLong(p[2]), p[1]));
    } else if (line.startsWith("LOADED ")) {
      String[] p = line.split(" ", 3);
      events.add(new Loaded(node, now, Long.parseLong(p[1]), p[2]));
    }
  }

  private static long field(String line, String key, long dflt) {
    int i = line.indexOf(key);
    if (i < 0) return dflt;
    int end = line.indexOf(' ', i);
    return Long.parseLong(line.substring(i + key.length(), end < 0 ? line.length() : end));
  }

  <E extends Event> List<E> all(Class<E> type, Predicate<E> filter) {
    return events.stream().filter(type::isInstance).map(type::cast).filter(filter).toList();
  }
}
