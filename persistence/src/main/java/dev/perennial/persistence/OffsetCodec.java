package dev.perennial.persistence;

import akka.persistence.query.NoOffset;
import akka.persistence.query.Offset;
import akka.persistence.query.Sequence;
import akka.persistence.query.TimeBasedUUID;
import java.util.UUID;

/**
 * Turns a read-journal offset into a short string a consumer can store (in its own journal, a
 * checkpoint file, a database row) and back. Formats: {@code none}, {@code seq:<n>} (JDBC journal
 * ordering), {@code uuid:<time-based uuid>} (Cassandra). Offsets are exclusive: resuming from a
 * stored offset yields the events after it.
 */
public final class OffsetCodec {
  public static final String NONE = "none";
  private static final String SEQ = "seq:";
  private static final String UUID_PREFIX = "uuid:";

  private OffsetCodec() {}

  public static String encode(Offset offset) {
    if (offset instanceof Sequence s) return SEQ + s.value();
    if (offset instanceof TimeBasedUUID t) return UUID_PREFIX + t.value();
    if (offset == NoOffset.getInstance()) return NONE;
    throw new IllegalArgumentException("cannot store an offset of type " + offset.getClass().getName()
        + " (supported: Sequence, TimeBasedUUID, NoOffset)");
  }

  /** Parses what {@link #encode} wrote; {@code null} or blank means "from the beginning". */
  public static Offset decode(String stored) {
    if (stored == null || stored.isBlank() || stored.equals(NONE)) return NoOffset.getInstance();
    String s = stored.trim();
    try {
      if (s.startsWith(SEQ)) return Offset.sequence(Long.parseLong(s.substring(SEQ.length())));
      if (s.startsWith(UUID_PREFIX)) {
        UUID uuid = UUID.fromString(s.substring(UUID_PREFIX.length()));
        if (uuid.version() != 1) throw new IllegalArgumentException("not a time-based (version 1) UUID");
        return Offset.timeBasedUUID(uuid);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed stored offset '" + abbreviate(s) + "': " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("unknown stored offset '" + abbreviate(s)
        + "' (expected 'none', 'seq:<number>' or 'uuid:<time-based uuid>')");
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
