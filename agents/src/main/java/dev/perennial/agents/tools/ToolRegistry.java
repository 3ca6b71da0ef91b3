package dev.perennial.agents.tools;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The tools a node offers, by name. A task's {@code tools} list says which of them an agent may call. */
public final class ToolRegistry {
  private final Map<String, Tool> tools;

  private ToolRegistry(Map<String, Tool> tools) {
    this.tools = Map.copyOf(tools);
  }

  public static ToolRegistry of(List<Tool> tools) {
    return new ToolRegistry(tools.stream().collect(Collectors.toMap(Tool::name, Function.identity())));
  }

  public Optional<Tool> find(String name) { return Optional.ofNullable(tools.get(name)); }

  public java.util.Set<String> names() { return tools.keySet(); }
}
