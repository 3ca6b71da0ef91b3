package dev.perennial.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class ServeSettingsTest {
  static ServeSettings settings(String overrides) {
    return ServeSettings.from(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  @Test
  void defaultsServeLoopbackWithoutAToken() {
    ServeSettings s = settings("perennial.runtime.serve.auth.token = \"\"");
    assertEquals("127.0.0.1", s.host());
    assertFalse(s.authRequired());
    assertEquals(1024 * 1024, s.maxRequestBytes());
  }

  @Test
  void refusesToServeBeyondLoopbackWithoutAToken() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> settings("perennial.runtime.serve { host = \"0.0.0.0\", auth.token = \"\" }"));
    assertTrue(e.getMessage().contains("PERENNIAL_API_TOKEN"), e.getMessage());
    assertTrue(settings("perennial.runtime.serve { host = \"0.0.0.0\", auth.token = \"t\" }").authRequired());
    assertFalse(settings("perennial.runtime.serve { host = \"0.0.0.0\", auth { mode = off, token = \"\" } }").authRequired());
  }

  @Test
  void onRequiresATokenEvenOnLoopback() {
    assertThrows(IllegalArgumentException.class, () -> settings("perennial.runtime.serve.auth { mode = on, token = \"\" }"));
    assertTrue(settings("perennial.runtime.serve.auth { mode = on, token = \"t\" }").authRequired());
    assertTrue(settings("perennial.runtime.serve { host = localhost, auth { mode = auto, token = \"\" } }").host().equals("localhost"));
  }

  @Test
  void badValuesNameTheirKey() {
    var mode = assertThrows(IllegalArgumentException.class, () -> settings("perennial.runtime.serve.auth.mode = maybe"));
    assertTrue(mode.getMessage().contains("perennial.runtime.serve.auth.mode"));
    var port = assertThrows(IllegalArgumentException.class, () -> settings("perennial.runtime.serve.port = 70000"));
    assertTrue(port.getMessage().contains("perennial.runtime.serve.port"));
  }
}
