package dev.perennial.runtime.cli;

import com.typesafe.config.Config;
import dev.perennial.runtime.config.Profiles;
import picocli.CommandLine.Option;

/** The {@code --profile} option every node-starting command shares. */
public final class ProfileOption {
  @Option(
      names = {"-p", "--profile"},
      defaultValue = "${env:PERENNIAL_PROFILE:-local}",
      description = "config profiles to stack, comma separated (config/<name>.conf or a path); default: ${DEFAULT-VALUE}")
  String profiles;

  public Config load() { return Profiles.load(profiles); }

  public Config load(Config overrides) { return Profiles.load(profiles, overrides); }

  public String names() { return profiles; }
}
