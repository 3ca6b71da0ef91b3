package dev.perennial.runtime.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.tools.Server;

/**
 * The embedded H2 journal served over TCP on 127.0.0.1, so several nodes on this machine can share
 * it ({@code perennial cluster-local} without Cassandra, the multi-JVM tests). The database file
 * stays {@code <dir>/journal.mv.db}; the process that serves it must outlive the nodes. Loopback
 * only: H2 refuses connections from other hosts unless told otherwise, and it is not told.
 */
public final class SharedH2Journal implements AutoCloseable {
  private final Server server;

  private SharedH2Journal(Server server) { this.server = server; }

  /** Serves the H2 databases under {@code dir} on {@code port} (0: any free port). */
  public static SharedH2Journal start(Path dir, int port) {
    try {
      Files.createDirectories(dir);
      Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toAbsolutePath().toString(),
          "-ifNotExists").start();
      return new SharedH2Journal(server);
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("could not serve the H2 journal in " + dir + " on port " + port + " (is the port taken?): "
          + e.getMessage(), e);
    }
  }

  public int port() { return server.getPort(); }

  /** The JDBC URL nodes use: pass it as {@code -Dperennial.persistence.h2-url=...}. */
  public String url() {
    return "jdbc:h2:tcp://127.0.0.1:" + port() + "/journal;DATABASE_TO_UPPER=false";
  }

  /** The JVM flag that points a node at this journal. */
  public String nodeFlag() { return "-Dperennial.persistence.h2-url=" + url(); }

  @Override
  public void close() { server.stop(); }
}
