package dev.perennial.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.learner.checkpoint.Checkpoints;
import dev.perennial.learner.generate.BatchDecoder;
import dev.perennial.learner.generate.Completion;
import dev.perennial.learner.generate.DecodeRequest;
import dev.perennial.learner.generate.DecoderSettings;
import dev.perennial.learner.model.CausalLm;
import dev.perennial.learner.model.NoGrad;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Greedy continuation by full forward passes vs the KV-cache batch decoder, on a checkpoint. Args: checkpoint text... */
public final class DecodeConsistencyCheck {
  public static void main(String[] args) throws Exception {
    try (NDManager m = NDManager.newBaseManager(); PolicyTokenizer tok = PolicyTokenizer.load(Path.of(args[0]))) {
      CausalLm model = Checkpoints.load(Path.of(args[0]), m);
      List<DecodeRequest> reqs = new ArrayList<>();
      for (int i = 1; i < args.length; i++) {
        String text = args[i].replace("\\n", "\n");
        int[] ids = tok.encode(text);
        StringBuilder full = new StringBuilder();
        List<Integer> seq = new ArrayList<>();
        for (int id : ids) seq.add(id);
        try (NoGrad g = NoGrad.enter()) {
          for (int k = 0; k < 40; k++) {
            try (NDManager s = m.newSubManager()) {
              long[] in = seq.stream().mapToLong(Integer::longValue).toArray();
              NDArray logits = model.causalLogits(s.create(in, new Shape(1, in.length)), false);
              int next = (int) logits.get(0, in.length - 1).argMax().getLong();
              seq.add(next);
              full.append(tok.decode(new int[] {next}));
            }
          }
        }
        System.out.println("FULL  [" + i + "] " + full);
        reqs.add(new DecodeRequest(i, ids, new SamplingParams(0, 1, 0, 40, List.of()), 1));
      }
      try (BatchDecoder d = new BatchDecoder(model, tok, new DecoderSettings(768, 16384, Set.of(0)), 0)) {
        List<Completion> done = new ArrayList<>(d.admit(reqs));
        while (d.active() > 0) done.addAll(d.step());
        for (Completion c : done) System.out.println("CACHE [" + c.tag() + "] " + c.text());
      }
    }
  }
}
