package dev.perennial.runtime.cli;

import picocli.CommandLine;

/** Version from the jar manifest (set by the build), "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = PerennialCli.class.getPackage().getImplementationVersion();
    return new String[] {"perennial " + (v == null ? "dev" : v)};
  }
}
