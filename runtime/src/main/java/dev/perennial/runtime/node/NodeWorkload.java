package dev.perennial.runtime.node;

/**
 * What a node runs once it is Up, by its roles: agents, the rollout driver, the learner singleton,
 * a policy server. {@code perennial node --workload <class>} names an implementation (public, with a
 * public no-argument constructor); {@code perennial.runtime.node.workload} sets the default.
 */
@FunctionalInterface
public interface NodeWorkload {
  /** Starts this node's part; called once, after the node joined the cluster. */
  void start(PerennialNode node) throws Exception;

  /** Plumbing only: the node joins, serves Akka Management, proxies sharding and singletons. */
  NodeWorkload NONE = node -> {};

  /** The workload class {@code className}, or {@link #NONE} for "" / "none". */
  static NodeWorkload load(String className) {
    if (className == null || className.isBlank() || className.strip().equals("none")) return NONE;
    String name = className.strip();
    Class<?> type;
    try {
      type = Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("workload class " + name + " is not on the classpath", e);
    }
    if (!NodeWorkload.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException("workload class " + name + " does not implement " + NodeWorkload.class.getName());
    }
    try {
      return (NodeWorkload) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("workload class " + name + " needs a public no-argument constructor: " + e, e);
    }
  }
}
