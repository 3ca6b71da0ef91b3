package dev.perennial.environments.guru;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** guru-science topics: a kinematics multiple-choice question and Ohm's law with units. */
final class ScienceTopics {
  static final String SOURCE = "stem__perennial_generated";

  private ScienceTopics() {}

  static List<GuruTopic> all() { return List.of(new SpeedChoice(), new OhmsLaw()); }

  static final class SpeedChoice implements GuruTopic {
    private static final Pattern Q = Pattern.compile("covers (\\d+) m in (\\d+) s");
    private static final Pattern OPTION = Pattern.compile("([A-D])\\) ([0-9.]+) m/s");

    public String name() { return "speed multiple choice"; }

    public boolean recognizes(String p) { return p.startsWith("A cart covers"); }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      int t = 2 + rng.nextInt(d == 0 ? 8 : 40);
      int v = 1 + rng.nextInt(d == 0 ? 20 : 90);
      int distance = v * t;
      List<Integer> options = new ArrayList<>(List.of(v, v + 1 + rng.nextInt(5), Math.max(1, v - 1 - rng.nextInt(3)) + 100, v * 2 + 1));
      java.util.Collections.shuffle(options, new java.util.Random(rng.nextLong()));
      StringBuilder q = new StringBuilder("A cart covers " + distance + " m in " + t + " s at constant speed. What is its speed?");
      char correct = 'A';
      for (int i = 0; i < 4; i++) {
        q.append(' ').append((char) ('A' + i)).append(") ").append(options.get(i)).append(" m/s");
        if (options.get(i) == v) correct = (char) ('A' + i);
      }
      return new GeneratedTask(SOURCE, q.append(". Answer with the letter.").toString(), Character.toString(correct));
    }

    public String program(String prompt) {
      Matcher m = Q.matcher(prompt);
      if (!m.find()) return "print('?')";
      StringBuilder opts = new StringBuilder("{");
      Matcher o = OPTION.matcher(prompt);
      while (o.find()) opts.append("'").append(o.group(1)).append("': ").append(o.group(2)).append(", ");
      return "v = " + m.group(1) + " / " + m.group(2) + "\nopts = " + opts + "}\nprint(min(opts, key=lambda k: abs(opts[k] - v)))";
    }
  }

  static final class OhmsLaw implements GuruTopic {
    private static final Pattern Q = Pattern.compile("of ([0-9.]+) ohm carries ([0-9.]+) A");

    public String name() { return "ohm's law"; }

    public boolean recognizes(String p) { return p.startsWith("A resistor of"); }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      double r = 10 * (1 + rng.nextInt(d == 0 ? 20 : 200));
      double i = (1 + rng.nextInt(d == 0 ? 9 : 99)) / 10.0;
      String prompt = String.format(Locale.ROOT, "A resistor of %.0f ohm carries %.1f A. What is the voltage across it, in V?", r, i);
      return new GeneratedTask(SOURCE, prompt, String.format(Locale.ROOT, "%.2f V", r * i));
    }

    public String program(String prompt) {
      Matcher m = Q.matcher(prompt);
      if (!m.find()) return "print('?')";
      return "print(f'{" + m.group(1) + " * " + m.group(2) + ":.2f} V')";
    }
  }
}
