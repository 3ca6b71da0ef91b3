package dev.perennial.learner.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StreamCursorTest {
  @Test
  void theLowWaterMarkIsTheOffsetBeforeTheEarliestUndecidedEpisode() {
    StreamCursor c = new StreamCursor("seq:10");
    assertEquals("seq:10", c.lowWater());
    c.arrived("a", "seq:11");
    c.arrived("b", "seq:12");
    c.passed("seq:13");          // already decided: needs nothing
    c.arrived("d", "seq:14");
    assertEquals("seq:10", c.lowWater());
    c.decided("b");
    assertEquals("seq:10", c.lowWater());
    c.decided("a");
    assertEquals("seq:13", c.lowWater()); // resuming after 13 re-reads d
    c.decided("d");
    assertEquals("seq:14", c.lowWater());
    assertEquals(0, c.undecided());
  }
}
