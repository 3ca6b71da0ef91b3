package dev.perennial.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeOptionsTest {
  @Test
  void rolesAreParsedValidatedAndDeduplicated() {
    assertEquals(List.of("agent", "learner"), NodeRoles.parse(" Agent, learner,agent "));
    var e = assertThrows(IllegalArgumentException.class, () -> NodeRoles.parse("agent,gpu"));
    assertTrue(e.getMessage().contains("unknown role 'gpu'") && e.getMessage().contains("inference"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NodeRoles.parse(" , "));
  }

  @Test
  void flagsBecomeConfigOverrides() {
    var o = new NodeOptions("perennial", Optional.of(List.of("agent", "inference")), Optional.of("10.0.0.5"), Optional.of(25521),
        List.of("10.0.0.4:25520", "akka://perennial@10.0.0.6:25520"), Optional.of(8559), false);
    var c = o.toConfig();
    assertEquals(List.of("agent", "inference"), c.getStringList("akka.cluster.roles"));
    assertEquals("10.0.0.5", c.getString("akka.remote.artery.canonical.hostname"));
    assertEquals(25521, c.getInt("akka.remote.artery.canonical.port"));
    assertEquals(List.of("akka://perennial@10.0.0.4:25520", "akka://perennial@10.0.0.6:25520"), c.getStringList("akka.cluster.seed-nodes"));
    assertEquals(8559, c.getInt("akka.management.http.port"));
    assertFalse(c.hasPath("perennial.runtime.cluster-bootstrap"));
  }

  @Test
  void absentFlagsLeaveTheProfileAlone() {
    var c = new NodeOptions("perennial", Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), true).toConfig();
    assertFalse(c.hasPath("akka.cluster.roles"));
    assertFalse(c.hasPath("akka.cluster.seed-nodes"));
    assertTrue(c.getBoolean("perennial.runtime.cluster-bootstrap"));
  }

  @Test
  void badSeedsAndPortsAreClearErrors() {
    var noPort = assertThrows(IllegalArgumentException.class, () -> NodeOptions.seedAddress("perennial", "10.0.0.4"));
    assertTrue(noPort.getMessage().contains("host:port"), noPort.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NodeOptions.seedAddress("perennial", "h:port"));
    assertThrows(IllegalArgumentException.class, () -> NodeOptions.seedAddress("perennial", "h:70000"));
    assertThrows(IllegalArgumentException.class, () -> new NodeOptions("perennial", Optional.empty(), Optional.empty(),
        Optional.of(-1), List.of(), Optional.empty(), false));
    var both = assertThrows(IllegalArgumentException.class, () -> new NodeOptions("perennial", Optional.empty(), Optional.empty(),
        Optional.empty(), List.of("h:1"), Optional.empty(), true));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
  }
}
