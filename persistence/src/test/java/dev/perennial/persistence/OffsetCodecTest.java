package dev.perennial.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.persistence.query.NoOffset;
import akka.persistence.query.Offset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OffsetCodecTest {
  @Test
  void roundTripsEveryStorableOffset() {
    assertEquals(NoOffset.getInstance(), OffsetCodec.decode(OffsetCodec.encode(NoOffset.getInstance())));
    assertEquals(Offset.sequence(42), OffsetCodec.decode(OffsetCodec.encode(Offset.sequence(42))));
    UUID timeBased = UUID.fromString("8c2a6b10-4b1a-11ee-be56-0242ac120002");
    assertEquals(Offset.timeBasedUUID(timeBased), OffsetCodec.decode(OffsetCodec.encode(Offset.timeBasedUUID(timeBased))));
    assertEquals("seq:42", OffsetCodec.encode(Offset.sequence(42)));
  }

  @Test
  void blankOrMissingMeansFromTheStart() {
    assertEquals(NoOffset.getInstance(), OffsetCodec.decode(null));
    assertEquals(NoOffset.getInstance(), OffsetCodec.decode("  "));
  }

  @Test
  void rejectsGarbageWithAClearMessage() {
    var e = assertThrows(IllegalArgumentException.class, () -> OffsetCodec.decode("seq:abc"));
    assertTrue(e.getMessage().contains("malformed stored offset 'seq:abc'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> OffsetCodec.decode("42"));
    assertTrue(e.getMessage().contains("expected 'none', 'seq:<number>'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> OffsetCodec.decode("uuid:" + UUID.randomUUID()));
    assertTrue(e.getMessage().contains("time-based"), e.getMessage());
  }
}
