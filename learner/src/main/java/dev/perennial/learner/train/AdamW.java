package dev.perennial.learner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov & Hutter, as {@code torch.optim.AdamW}): decoupled weight decay
 * {@code p ← p·(1 − lr·wd)}, then {@code p ← p − lr · m̂ / (√v̂ + ε)} with bias-corrected moments.
 * Decay applies to matrices only (not to norms or biases). The gradient is multiplied by
 * {@code gradScale} first, which is how the trainer applies global-norm clipping. Every scalar is an
 * array in the step's manager (STACK.md pitfall 1); call with gradient recording off.
 */
final class AdamW implements AutoCloseable {
  private final NDManager manager;
  private final Map<String, NDArray> means = new LinkedHashMap<>();
  private final Map<String, NDArray> variances = new LinkedHashMap<>();
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private long steps;

  AdamW(NDManager parent, double beta1, double beta2, double epsilon, double weightDecay) {
    this.manager = parent.newSubManager();
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
  }

  long steps() { return steps; }

  Map<String, NDArray> means() { return means; }

  Map<String, NDArray> variances() { return variances; }

  void restore(long steps) { this.steps = steps; }

  /** One update of every parameter from its gradient; {@code step} owns the temporaries. */
  void update(Map<String, Parameter> params, double lr, double gradScale, NDManager step) {
    steps++;
    double bc1 = 1 - Math.pow(beta1, steps);
    double bc2 = 1 - Math.pow(beta2, steps);
    NDArray b1 = step.create((float) beta1);
    NDArray oneMinusB1 = step.create((float) ((1 - beta1) * gradScale));
    NDArray b2 = step.create((float) beta2);
    NDArray oneMinusB2 = step.create((float) ((1 - beta2) * gradScale * gradScale));
    NDArray sqrtBc2 = step.create((float) Math.sqrt(bc2));
    NDArray eps = step.create((float) epsilon);
    NDArray decay = step.create((float) (1 - lr * weightDecay));
    NDArray stepSize = step.create((float) (lr / bc1));
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      NDArray p = e.getValue().getArray();
      NDArray g = p.getGradient();
      g.attach(step);
      NDArray m = means.computeIfAbsent(e.getKey(), k -> manager.zeros(p.getShape()));
      NDArray v = variances.computeIfAbsent(e.getKey(), k -> manager.zeros(p.getShape()));
      m.muli(b1).addi(g.mul(oneMinusB1));
      v.muli(b2).addi(g.square().muli(oneMinusB2));
      NDArray denominator = v.sqrt().divi(sqrtBc2).addi(eps);
      if (weightDecay > 0 && p.getShape().dimension() > 1) p.muli(decay);
      p.subi(m.div(denominator).muli(stepSize));
    }
  }

  @Override
  public void close() { manager.close(); }
}
