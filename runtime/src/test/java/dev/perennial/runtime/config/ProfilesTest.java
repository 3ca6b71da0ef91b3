package dev.perennial.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {
  @TempDir Path dir;

  @Test
  void laterProfilesOverrideEarlierOnes() throws Exception {
    Path a = Files.writeString(dir.resolve("a.conf"), "x = 1\ny = a");
    Path b = Files.writeString(dir.resolve("b.conf"), "y = b");
    var c = Profiles.load(a + "," + b);
    assertEquals(1, c.getInt("x"));
    assertEquals("b", c.getString("y"));
  }

  @Test
  void unknownProfileIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> Profiles.load("no-such-profile"));
    assertTrue(e.getMessage().contains("unknown config profile 'no-such-profile'"), e.getMessage());
  }

  @Test
  void malformedProfileIsReportedWithItsFile() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.conf"), "x = {");
    var e = assertThrows(RuntimeException.class, () -> Profiles.load(bad.toString()));
    assertTrue(e.getMessage().contains("bad.conf"), e.getMessage());
  }
}
