package dev.perennial.environments.frozenlake;

import java.util.Locale;
import java.util.Optional;

/** The four moves; the order is the reference's {down, right, up, left}. */
public enum Move {
  DOWN(1, 0), RIGHT(0, 1), UP(-1, 0), LEFT(0, -1);

  final int dr;
  final int dc;

  Move(int dr, int dc) {
    this.dr = dr;
    this.dc = dc;
  }

  public String word() { return name().toLowerCase(Locale.ROOT); }

  public static Optional<Move> parse(String word) {
    for (Move m : values()) if (m.word().equalsIgnoreCase(word.strip())) return Optional.of(m);
    return Optional.empty();
  }
}
