package dev.perennial.environments.guru;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** guru-tabular topics over a small sales table: a column total, the year of a maximum, the rows above a threshold. */
final class TabularTopics {
  static final String SOURCE = "table__perennial_generated";
  private static final String[] REGIONS = {"North", "South", "East", "West", "Central"};
  private static final Pattern ROW = Pattern.compile("\\| (\\d{4}) \\| (\\w+) \\| (\\d+) \\|");

  private TabularTopics() {}

  static List<GuruTopic> all() { return List.of(new Query("total"), new Query("best year"), new Query("above")); }

  static final class Query implements GuruTopic {
    private final String kind;

    Query(String kind) { this.kind = kind; }

    public String name() { return "table " + kind; }

    public boolean recognizes(String p) {
      return p.startsWith("| Year |") && switch (kind) {
        case "total" -> p.contains("total sales");
        case "best year" -> p.contains("highest sales");
        default -> p.contains("sales above");
      };
    }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      int years = d == 0 ? 3 : 5;
      int regions = d == 0 ? 3 : 5;
      while (true) {
        int[][] sales = new int[years][regions];
        StringBuilder table = new StringBuilder("| Year | Region | Sales |\n|---|---|---|\n");
        for (int y = 0; y < years; y++) {
          for (int r = 0; r < regions; r++) {
            sales[y][r] = 100 + rng.nextInt(d == 0 ? 900 : 99_900);
            table.append("| ").append(2015 + y).append(" | ").append(REGIONS[r]).append(" | ").append(sales[y][r]).append(" |\n");
          }
        }
        int r = rng.nextInt(regions);
        int y = rng.nextInt(years);
        String question;
        String truth;
        if (kind.equals("total")) {
          long sum = 0;
          for (int[] row : sales) sum += row[r];
          question = "What were the total sales of " + REGIONS[r] + " over all years?";
          truth = Long.toString(sum);
        } else if (kind.equals("best year")) {
          int best = 0;
          for (int i = 1; i < years; i++) if (sales[i][r] > sales[best][r]) best = i;
          int ties = 0;
          for (int[] row : sales) if (row[r] == sales[best][r]) ties++;
          if (ties > 1) continue;
          question = "In which year did " + REGIONS[r] + " have the highest sales?";
          truth = Integer.toString(2015 + best);
        } else {
          int threshold = sales[y][r];
          List<String> above = new ArrayList<>();
          for (int i = 0; i < regions; i++) if (sales[y][i] > threshold) above.add(REGIONS[i]);
          if (above.isEmpty()) continue;
          question = "Which regions had sales above " + threshold + " in " + (2015 + y) + "? Separate several with |.";
          truth = String.join("|", above);
        }
        return new GeneratedTask(SOURCE, table + question, truth);
      }
    }

    public String program(String prompt) {
      StringBuilder rows = new StringBuilder("rows = [");
      Matcher m = ROW.matcher(prompt);
      while (m.find()) rows.append("(").append(m.group(1)).append(", '").append(m.group(2)).append("', ").append(m.group(3)).append("), ");
      rows.append("]\n");
      String q = prompt.substring(prompt.lastIndexOf("|\n") + 2);
      if (kind.equals("total")) {
        String region = q.replaceAll(".*total sales of (\\w+).*", "$1");
        return rows + "print(sum(s for y, r, s in rows if r == '" + region + "'))";
      }
      if (kind.equals("best year")) {
        String region = q.replaceAll(".*did (\\w+) have.*", "$1");
        return rows + "print(max((s, y) for y, r, s in rows if r == '" + region + "')[1])";
      }
      String threshold = q.replaceAll("(?s).*sales above (\\d+) in (\\d+).*", "$1");
      String year = q.replaceAll("(?s).*sales above (\\d+) in (\\d+).*", "$2");
      return rows + "print('|'.join(r for y, r, s in rows if y == " + year + " and s > " + threshold + "))";
    }
  }
}
