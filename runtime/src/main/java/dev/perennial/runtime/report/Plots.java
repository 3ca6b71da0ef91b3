package dev.perennial.runtime.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts for reports (learning curves, CoD curves by pack position), rendered headless. */
public final class Plots {
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)
  };

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /** Writes a line chart to {@code png} (parent folders created); empty series are skipped. */
  public static void line(Path png, String title, String xLabel, String yLabel, List<Series> series) {
    XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(true);
    chart.getStyler().setLegendVisible(series.size() > 1 || series.stream().anyMatch(s -> s.lower().isPresent()));
    int i = 0;
    for (Series s : series) {
      if (s.x().length == 0) continue;
      Color color = PALETTE[i++ % PALETTE.length];
      XYSeries line = chart.addSeries(s.name(), s.x(), s.y());
      line.setLineColor(color);
      line.setMarkerColor(color);
      line.setMarker(s.x().length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      band(chart, s.name() + " 95% CI", s.x(), s.lower().orElse(null), color);
      band(chart, s.name() + " ", s.x(), s.upper().orElse(null), color);
    }
    if (chart.getSeriesMap().isEmpty()) chart.addSeries("no data", new double[] {0}, new double[] {0});
    try {
      Files.createDirectories(png.toAbsolutePath().getParent());
      BitmapEncoder.saveBitmap(chart, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + png, e);
    }
  }

  private static void band(XYChart chart, String name, double[] x, double[] y, Color color) {
    if (y == null) return;
    XYSeries s = chart.addSeries(name, x, y);
    s.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 130));
    s.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
    s.setMarker(SeriesMarkers.NONE);
    s.setShowInLegend(name.endsWith("CI"));
  }
}
