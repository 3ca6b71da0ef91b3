package dev.perennial.environments.verify;

/** A row's {@code data_source} matches no registered verifier prefix. */
public final class UnknownDataSourceException extends IllegalArgumentException {
  public UnknownDataSourceException(String dataSource, java.util.Collection<String> known) {
    super("unknown data_source '" + dataSource + "': no verifier for it (known prefixes: " + String.join(", ", known) + ")");
  }
}
