package dev.perennial.runtime.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  @TempDir Path dir;

  @Test
  void wilsonIntervalMatchesTheTextbookValues() {
    // 8 of 10: Wilson 95% interval is [0.4902, 0.9433]
    double[] ci = Intervals.wilson(8, 10);
    assertEquals(0.4902, ci[0], 1e-4);
    assertEquals(0.9433, ci[1], 1e-4);
    assertArrayEquals(new double[] {0, 1}, Intervals.wilson(0, 0));
    assertTrue(Intervals.wilson(0, 20)[0] == 0 && Intervals.wilson(0, 20)[1] > 0);
  }

  @Test
  void meanIntervalUsesTheUnbiasedStd() {
    double[] ci = Intervals.mean(new double[] {1, 2, 3, 4});
    double half = 1.959963984540054 * Math.sqrt(1.6666666666666667 / 4);
    assertEquals(2.5 - half, ci[0], 1e-12);
    assertEquals(2.5 + half, ci[1], 1e-12);
  }

  @Test
  void writesAPngWithBands() throws Exception {
    Path png = dir.resolve("plots/cod.png");
    double[] x = {0, 1, 2, 3};
    Plots.line(png, "CoD curve", "position", "success",
        List.of(Series.withBand("after RL", x, new double[] {.1, .6, .7, .8}, new double[] {0, .4, .5, .6}, new double[] {.3, .8, .9, 1}),
            Series.of("before", x, new double[] {0, 0, 0, 0})));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(900, img.getWidth());
    assertEquals(540, img.getHeight());
  }

  @Test
  void csvQuotesCellsAndAppendsAfterARestart() throws Exception {
    Path f = dir.resolve("m.csv");
    new CsvTable(f, List.of("step", "note")).append(List.of(1, "a,b"));
    new CsvTable(f, List.of("step", "note")).append(List.of(2, 0.5));
    assertEquals(List.of("step,note", "1,\"a,b\"", "2,0.500000"), Files.readAllLines(f));
  }
}
