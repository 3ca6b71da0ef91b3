package dev.perennial.environments.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.testing.PythonSubprocessRunner;
import dev.perennial.environments.verify.VerifierRegistry;
import dev.perennial.environments.verify.VerifierSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowReaderTest {
  static final VerifierRegistry REGISTRY = VerifierRegistry.standard(new PythonSubprocessRunner(), VerifierSettings.defaults());

  static final String GOOD = "{\"data_source\": \"math__x\", \"prompt\": [{\"role\": \"user\", \"content\": \"1+1?\"}], "
      + "\"ability\": \"math\", \"reward_model\": {\"style\": \"rule\", \"ground_truth\": \"2\"}, \"extra_info\": {\"split\": \"train\", \"index\": 7}}";

  @Test
  void reportsBadRowsByLineAndKeepsGoodOnes(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("rows.jsonl");
    Files.write(f, List.of(GOOD, "", "[1, 2]", "{\"data_source\": \"math__x\", \"reward_model\": {\"ground_truth\": \"2\"}}",
        "{\"data_source\": \"logic__zebra\", \"prompt\": [{\"role\": \"user\", \"content\": \"q\"}], \"reward_model\": {\"ground_truth\": \"x\"}}", GOOD));
    RowBatch b = new RowReader(REGISTRY, RowParser.Mode.TRAINING, false).read(f);
    assertEquals(2, b.rows().size());
    assertEquals(List.of(1L, 6L), b.rows().stream().map(GuruRow::rowNumber).toList());
    assertEquals(List.of(3L, 4L, 5L), b.issues().stream().map(RowIssue::rowNumber).toList());
    assertTrue(b.issues().get(1).reason().contains("prompt"), b.issues().get(1).reason());
    assertTrue(b.issues().get(2).reason().contains("wrong shape"), b.issues().get(2).reason());
    GuruRow r = b.rows().get(0);
    assertEquals("1+1?", r.question());
    assertEquals("7", r.extraInfo().get("index"));
  }

  @Test
  void strictFailsOnTheFirstBadRow(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("rows.jsonl");
    Files.write(f, List.of(GOOD, "nope", GOOD));
    RowException e = assertThrows(RowException.class, () -> new RowReader(REGISTRY, RowParser.Mode.TRAINING, true).read(f));
    assertEquals(2, e.issue().rowNumber());
  }

  @Test
  void readsParquetThroughDuckDb(@TempDir Path tmp) throws Exception {
    RowBatch b = new RowReader(REGISTRY, RowParser.Mode.TRAINING, true).read(ExampleRowsTest.examples().resolve("mixed.parquet"));
    assertTrue(b.rows().size() > 30);
    assertTrue(b.rows().stream().anyMatch(r -> r.dataSource().startsWith("codegen") && r.groundTruth().contains("functional")));
  }

  @Test
  void missingFileIsAnIoError(@TempDir Path tmp) {
    assertThrows(IOException.class, () -> new RowReader(REGISTRY, RowParser.Mode.TRAINING, false).read(tmp.resolve("none.parquet")));
    assertThrows(IOException.class, () -> new RowReader(REGISTRY, RowParser.Mode.TRAINING, false).read(tmp.resolve("none.jsonl")));
  }
}
