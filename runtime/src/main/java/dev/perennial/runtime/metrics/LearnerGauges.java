package dev.perennial.runtime.metrics;

import dev.perennial.runtime.serve.LearnerView;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The learner's progress as metrics, from the status the node polls: version, step and queue as
 * gauges (NaN while no learner runs), and each new step's wall time into a summary (the learner
 * step time).
 */
public final class LearnerGauges {
  private final AtomicReference<Optional<LearnerView>> last = new AtomicReference<>(Optional.empty());
  private final DistributionSummary stepSeconds;

  public LearnerGauges(MeterRegistry registry) {
    Gauge.builder("perennial.learner.version", last, v -> value(v.get().map(LearnerView::policyVersion)))
        .description("newest published policy version").register(registry);
    Gauge.builder("perennial.learner.step", last, v -> value(v.get().map(LearnerView::step))).register(registry);
    Gauge.builder("perennial.learner.queue", last, v -> value(v.get().map(LearnerView::queuedEpisodes)))
        .description("episodes read and not yet trained on").register(registry);
    stepSeconds = DistributionSummary.builder("perennial.learner.step.seconds").description("wall time of a learner step")
        .baseUnit("seconds").register(registry);
  }

  /** The status just polled; a step the gauges have not seen yet records its time. */
  public void update(Optional<LearnerView> now) {
    Optional<LearnerView> before = last.getAndSet(now);
    if (now.isEmpty() || now.get().lastStepSeconds().isEmpty()) return;
    long prevStep = before.map(LearnerView::step).orElse(-1L);
    if (now.get().step() != prevStep) stepSeconds.record(now.get().lastStepSeconds().get());
  }

  private static double value(Optional<? extends Number> n) { return n.map(Number::doubleValue).orElse(Double.NaN); }
}
