package dev.perennial.learner.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  private static CheckpointStore.Written write(CheckpointStore store, long v) throws IOException {
    return store.write(v, dir -> {
      Files.writeString(dir.resolve("model.bin"), "weights " + v);
      return "sha" + v;
    }, sha -> new Manifest(v, v, sha, 0, Map.of("lr", "1e-4"), Map.of("loss", 0.5, "undefined", Double.NaN)));
  }

  @Test
  void versionsAreWrittenWholeWithAManifestAndPrunedToTheNewestK(@TempDir Path root) throws Exception {
    CheckpointStore store = new CheckpointStore(root, 2);
    for (long v = 1; v <= 4; v++) write(store, v);
    assertEquals(List.of(1L, 2L, 3L, 4L), store.versions());
    Manifest m = store.manifest(3).orElseThrow();
    assertEquals("sha3", m.sha256());
    assertEquals(0.5, m.metrics().get("loss"));
    assertFalse(m.metrics().containsKey("undefined"));
    assertEquals(List.of(1L, 2L), store.prune(4));
    assertEquals(List.of(3L, 4L), store.versions());
  }

  @Test
  void aFailedWriteLeavesNothingAndUncommittedVersionsAreDiscarded(@TempDir Path root) throws Exception {
    CheckpointStore store = new CheckpointStore(root, 3);
    write(store, 1);
    write(store, 2);
    assertThrows(IOException.class, () -> store.write(3, dir -> {
      Files.writeString(dir.resolve("model.bin"), "half");
      throw new IOException("disk full");
    }, sha -> new Manifest(3, 3, sha, 0, Map.of(), Map.of())));
    assertEquals(List.of(1L, 2L), store.versions());
    try (var files = Files.list(root)) {
      assertEquals(2, files.count(), "no temporary directory left behind");
    }
    assertEquals(List.of(2L), store.discardAfter(1));
    CheckpointStore.Written again = write(store, 2);
    assertTrue(Files.readString(again.dir().resolve("model.bin")).equals("weights 2"));
  }
}
