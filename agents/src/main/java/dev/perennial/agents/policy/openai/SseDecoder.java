package dev.perennial.agents.policy.openai;

/**
 * Server-sent events, line by line (WHATWG EventSource rules for the {@code data} field): data
 * lines accumulate, joined by newlines, until a blank line ends the event; comments (":…") and
 * other fields are ignored.
 */
final class SseDecoder {
  private final StringBuilder data = new StringBuilder();
  private boolean pending;

  /** Feeds one line (without its terminator); returns the data of the event it completes, or null. */
  String line(String line) {
    if (line.isEmpty()) return flush();
    if (line.startsWith(":")) return null;
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    if (!field.equals("data")) return null;
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) value = value.substring(1);
    if (pending) data.append('\n');
    data.append(value);
    pending = true;
    return null;
  }

  /** The data of an event the stream ended without a blank line after, or null. */
  String flush() {
    if (!pending) return null;
    String d = data.toString();
    data.setLength(0);
    pending = false;
    return d;
  }
}
