package dev.perennial.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.persistence.PersistenceSettings;
import dev.perennial.runtime.RepoPaths;
import dev.perennial.runtime.config.Profiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster and cassandra profiles a user edits load, resolve and say what the issue asks for. */
class ClusterProfilesTest {
  static final Path CONFIG = RepoPaths.root().resolve("config");

  @Test
  void theClusterProfileTurnsOnRolesSbrManagementAndForgetsEntities() {
    var c = Profiles.load(CONFIG.resolve("cluster.conf").toString());
    assertEquals(List.of("agent", "learner", "inference"), c.getStringList("akka.cluster.roles"));
    assertEquals("akka.cluster.sbr.SplitBrainResolverProvider", c.getString("akka.cluster.downing-provider-class"));
    assertEquals("keep-majority", c.getString("akka.cluster.split-brain-resolver.active-strategy"));
    assertEquals(5, c.getDuration("akka.cluster.split-brain-resolver.stable-after").toSeconds());
    assertEquals("agent", c.getString("akka.cluster.sharding.role"));
    assertEquals("learner", c.getString("akka.cluster.singleton.role"));
    assertTrue(c.getBoolean("perennial.runtime.management.enabled"));
    assertFalse(AgentSettings.from(c).rememberEntities(), "remember-entities off in the cluster");
    assertEquals("config", c.getString("akka.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
    assertFalse(c.getBoolean("akka.management.cluster.bootstrap.contact-point.filter-on-fallback-port"));
    assertEquals(c.getString("akka.remote.artery.canonical.hostname"), c.getString("akka.management.http.hostname"));
  }

  @Test
  void theCassandraProfileStacksOnItWithAContactPoint() {
    var c = Profiles.load(CONFIG.resolve("cluster.conf") + "," + CONFIG.resolve("cassandra.conf"));
    var p = PersistenceSettings.from(c);
    assertTrue(p.cassandraJournal());
    assertEquals("akka.persistence.cassandra.query", p.readJournal());
    assertEquals("akka.persistence.cassandra.snapshot", c.getString("akka.persistence.snapshot-store.plugin"));
    String expected = System.getenv("PERENNIAL_CASSANDRA") == null ? "127.0.0.1:9042" : System.getenv("PERENNIAL_CASSANDRA");
    assertEquals(List.of(expected), c.getStringList("datastax-java-driver.basic.contact-points"));
    assertTrue(c.getBoolean("akka.persistence.cassandra.journal.tables-autocreate"));
  }
}
