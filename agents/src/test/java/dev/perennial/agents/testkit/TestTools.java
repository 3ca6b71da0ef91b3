package dev.perennial.agents.testkit;

import dev.perennial.agents.execution.ToolPermanentFailure;
import dev.perennial.agents.tools.Tool;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.agents.tools.ToolContext;
import dev.perennial.agents.tools.ToolFailure;
import dev.perennial.agents.tools.ToolOutput;
import dev.perennial.environments.StepResult;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Test-scope tools with known failure modes (no real tool implementation is claimed here). */
public final class TestTools {
  private TestTools() {}

  /** Returns its input. */
  public static final class Echo implements Tool {
    public final AtomicInteger runs = new AtomicInteger();
    public final AtomicInteger ended = new AtomicInteger();

    @Override
    public String name() { return "echo"; }

    @Override
    public ToolOutput run(ToolCall call, ToolContext context) {
      runs.incrementAndGet();
      return ToolOutput.ok(call.input());
    }

    @Override
    public void endEpisode(String episodeId) { ended.incrementAndGet(); }
  }

  /** Crashes on every call (an unexpected exception): the supervisor restarts it until it gives up. */
  public static final class Throwing implements Tool {
    public final AtomicInteger runs = new AtomicInteger();

    @Override
    public String name() { return "boom"; }

    @Override
    public ToolOutput run(ToolCall call, ToolContext context) {
      runs.incrementAndGet();
      throw new IllegalStateException("kaboom");
    }
  }

  /** Crashes on its first call only: a restart retries the call and it succeeds. */
  public static final class Flaky implements Tool {
    public final AtomicInteger runs = new AtomicInteger();

    @Override
    public String name() { return "flaky"; }

    @Override
    public ToolOutput run(ToolCall call, ToolContext context) {
      if (runs.incrementAndGet() == 1) throw new IllegalStateException("first call fails");
      return ToolOutput.ok("flaky ok: " + call.input());
    }
  }

  /** Blocks until cancelled (or 30 s): the executor's timeout must cancel it. */
  public static final class Hanging implements Tool {
    public final AtomicInteger cancels = new AtomicInteger();
    public final AtomicInteger interrupted = new AtomicInteger();
    private final ConcurrentHashMap<String, CountDownLatch> running = new ConcurrentHashMap<>();

    @Override
    public String name() { return "hang"; }

    @Override
    public ToolOutput run(ToolCall call, ToolContext context) throws Exception {
      CountDownLatch latch = running.computeIfAbsent(context.episodeId(), id -> new CountDownLatch(1));
      try {
        latch.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
      return ToolOutput.ok("released");
    }

    @Override
    public void cancel(String episodeId) {
      cancels.incrementAndGet();
      CountDownLatch latch = running.remove(episodeId);
      if (latch != null) latch.countDown();
    }
  }

  /** Fails permanently (its interpreter is "missing"): the executor is stopped, not restarted. */
  public static final class Exiting implements Tool {
    public final AtomicInteger runs = new AtomicInteger();

    @Override
    public String name() { return "exit"; }

    @Override
    public ToolOutput run(ToolCall call, ToolContext context) {
      runs.incrementAndGet();
      throw new ToolPermanentFailure("interpreter missing");
    }
  }

  /** Reports an expected failure (bad input), shown to the model. */
  public static final class Rejecting implements Tool {
    @Override
    public String name() { return "strict"; }

    @Override
    public ToolOutput run(ToolCall call, ToolContext context) throws ToolFailure {
      throw new ToolFailure("input must be a number, got '" + call.input() + "'");
    }
  }

  /** Environment actions: applies the call's input to the task session. */
  public static final class EnvActions implements Tool {
    @Override
    public String name() { return "env"; }

    @Override
    public ToolOutput run(ToolCall call, ToolContext context) {
      StepResult r = context.session().act(call.input());
      return new ToolOutput(r.observation(), true, r.done());
    }
  }
}
