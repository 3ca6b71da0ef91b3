package dev.perennial.agents.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The tools a node offers, by name. A task's {@code tools} list says which of them an agent may call. */
public final class ToolRegistry {
  private final Map<String, Tool> tools;

  private ToolRegistry(Map<String, Tool> tools) {
    this.tools = Map.copyOf(tools);
  }

  /** A registry of {@code tools}; two tools with one name are an error (which one would run?). */
  public static ToolRegistry of(List<Tool> tools) {
    Map<String, Tool> byName = new LinkedHashMap<>();
    for (Tool t : tools) {
      Tool before = byName.putIfAbsent(t.name(), t);
      if (before != null) throw new IllegalArgumentException("two tools are named '" + t.name() + "'");
    }
    return new ToolRegistry(byName);
  }

  public static ToolRegistry of(Tool... tools) { return of(List.of(tools)); }

  /** This registry plus {@code more} (user tools next to the built-in ones). */
  public ToolRegistry with(Tool... more) {
    List<Tool> all = new ArrayList<>(tools.values());
    all.addAll(List.of(more));
    return of(all);
  }

  public Optional<Tool> find(String name) { return Optional.ofNullable(tools.get(name)); }

  public Set<String> names() { return tools.keySet(); }

  /** Tells every tool that {@code episodeId} ended, so that they free what they keep for it. */
  public void endEpisode(String episodeId) {
    tools.values().forEach(t -> t.endEpisode(episodeId));
  }
}
