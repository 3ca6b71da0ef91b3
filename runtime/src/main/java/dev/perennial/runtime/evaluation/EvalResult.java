package dev.perennial.runtime.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an evaluation measured: the CoD curve over its held-out packs, with what was evaluated and
 * how. Written as JSON ({@link #write}) and read back ({@link #read}), so a report, or a resumed
 * run, does not evaluate twice.
 *
 * @param label      e.g. "before-sft", "after-sft", "after-rl"
 * @param policy     what generated the episodes (checkpoint, sampling)
 * @param unfinished agents that did not finish their pack in time (their episodes still count)
 */
public record EvalResult(String label, String policy, String environments, int packs, int packSize, int difficulty,
    double temperature, PositionCurve curve, double seconds, int unfinished) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public void write(Path file) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("label", label);
    n.put("policy", policy);
    n.put("environments", environments);
    n.put("packs", packs);
    n.put("pack_size", packSize);
    n.put("difficulty", difficulty);
    n.put("temperature", temperature);
    n.put("seconds", seconds);
    n.put("unfinished", unfinished);
    n.put("solves", curve.solves());
    n.put("successes", curve.successes());
    n.put("success_rate", curve.successRate());
    n.putArray("success_ci95").add(curve.successInterval()[0]).add(curve.successInterval()[1]);
    n.put("updates", curve.updates());
    n.put("hints_parsed", curve.hintsParsed());
    ArrayNode positions = n.putArray("by_position");
    for (PositionCurve.Point p : curve.points()) {
      ObjectNode o = positions.addObject();
      o.put("position", p.position());
      o.put("n", p.n());
      o.put("successes", p.successes());
      o.put("success_rate", p.successRate());
      o.putArray("success_ci95").add(p.successInterval()[0]).add(p.successInterval()[1]);
      o.put("mean_reward", p.meanReward());
      o.putArray("reward_ci95").add(p.rewardInterval()[0]).add(p.rewardInterval()[1]);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writeValueAsBytes(n));
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static EvalResult read(Path file) throws IOException {
    var n = JSON.readTree(file.toFile());
    List<PositionCurve.Point> points = new ArrayList<>();
    for (var o : n.path("by_position")) {
      points.add(new PositionCurve.Point(o.path("position").asInt(), o.path("n").asLong(), o.path("successes").asLong(),
          o.path("success_rate").asDouble(), pair(o.path("success_ci95")), o.path("mean_reward").asDouble(),
          pair(o.path("reward_ci95"))));
    }
    PositionCurve curve = new PositionCurve(points, n.path("solves").asLong(), n.path("successes").asLong(),
        pair(n.path("success_ci95")), n.path("updates").asLong(), n.path("hints_parsed").asLong());
    return new EvalResult(n.path("label").asText(), n.path("policy").asText(), n.path("environments").asText(),
        n.path("packs").asInt(), n.path("pack_size").asInt(), n.path("difficulty").asInt(), n.path("temperature").asDouble(),
        curve, n.path("seconds").asDouble(), n.path("unfinished").asInt());
  }

  private static double[] pair(com.fasterxml.jackson.databind.JsonNode a) {
    return new double[] {a.path(0).asDouble(Double.NaN), a.path(1).asDouble(Double.NaN)};
  }
}
