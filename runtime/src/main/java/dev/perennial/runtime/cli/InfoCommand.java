package dev.perennial.runtime.cli;

import com.typesafe.config.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints what a node started with these profiles would use: journal, data dir, cores, JVM. */
@Command(name = "info", description = "Show the effective configuration summary and the machine.")
public final class InfoCommand implements Callable<Integer> {
  @Mixin ProfileOption profile;

  @Override
  public Integer call() {
    Config c = profile.load();
    System.out.println("profiles      : " + profile.names());
    System.out.println("journal       : " + c.getString("akka.persistence.journal.plugin"));
    System.out.println("snapshot store: " + c.getString("akka.persistence.snapshot-store.plugin"));
    if (c.hasPath("perennial.persistence.data-dir")) {
      System.out.println("data dir      : " + c.getString("perennial.persistence.data-dir"));
    }
    System.out.println("cores         : " + Runtime.getRuntime().availableProcessors());
    System.out.println("max heap      : " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    System.out.println("java          : " + System.getProperty("java.version"));
    return 0;
  }
}
