package dev.perennial.agents.entity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.entity.AgentEvent.ContextUpdated;
import dev.perennial.agents.entity.AgentEvent.EpisodeCompleted;
import dev.perennial.agents.entity.AgentEvent.EpisodeScored;
import dev.perennial.agents.entity.AgentEvent.EpisodeStarted;
import dev.perennial.agents.entity.AgentEvent.PackAssigned;
import dev.perennial.agents.entity.AgentEvent.PackCompleted;
import dev.perennial.agents.entity.AgentEvent.SolveFinished;
import dev.perennial.agents.entity.AgentEvent.ToolCallCompleted;
import dev.perennial.agents.entity.AgentEvent.TurnGenerated;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.CodScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The phases of solve and update episodes, on the in-memory journal with serialization checks on. */
class AgentEpisodeTest {
  static ActorTestKit kit;
  static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void start() { kit = ActorTestKit.create("episodes", TestSystems.inMemory("")); }

  @AfterAll
  static void stop() { kit.shutdownTestKit(); }

  record Run(String agentId, EventSourcedBehaviorTestKit<AgentEntity.Command, AgentEvent, AgentState> esb, TestTools.Echo echo) {
    String pid() { return "Agent|" + agentId; }

    <E> E next(Class<E> type) { return esb.persistenceTestKit().expectNextPersistedClass(pid(), type, TestSystems.patience()); }
  }

  static Run agent(Policy policy, String extraConfig) {
    Config config = ConfigFactory.parseString(extraConfig).withFallback(kit.system().settings().config());
    TestTools.Echo echo = new TestTools.Echo();
    String id = "a" + ids.incrementAndGet();
    var deps = TestSystems.deps(config, policy, List.of(new AddRuleEnvironment()), List.of(echo));
    return new Run(id, EventSourcedBehaviorTestKit.create(kit.system(), AgentEntity.create(id, deps),
        EventSourcedBehaviorTestKit.enabledSerializationSettings()), echo);
  }

  static Pack pack(long seed, int size) { return new AddRuleEnvironment().pack(PackSpec.train(seed, size)); }

  static StatusReply<Done> assign(Run run, Pack pack) {
    var result = run.esb().<StatusReply<Done>>runCommand(r -> new AgentEntity.AssignPack(pack, "g1", r));
    return result.reply();
  }

  @Test
  void solveToolCallAnswerScoreUpdateAndTheContextIsReplaced() {
    Run run = agent(ScriptedPolicy.of(new CodScript()), "");
    Pack pack = pack(4, 3); // k = 5
    assertTrue(assign(run, pack).isSuccess());

    assertEquals(3, run.next(PackAssigned.class).pack().size());
    EpisodeStarted s0 = run.next(EpisodeStarted.class);
    assertEquals(EpisodeKind.SOLVE, s0.kind());
    String prompt0 = "<hints>no hints available</hints>\n<task>" + pack.task(0).prompt() + "</task>\n";
    assertEquals(prompt0, s0.prompt());

    // turn 0 ends in a tool call, run by a child, its output injected as the next turn's prefix
    TurnGenerated t0 = run.next(TurnGenerated.class);
    int x0 = Integer.parseInt(pack.task(0).prompt().substring(2));
    assertEquals("echo", t0.call().orElseThrow().tool());
    assertEquals(Integer.toString(x0), t0.call().get().input());
    assertTokensExact(t0.turn(), prompt0);
    ToolCallCompleted tool = run.next(ToolCallCompleted.class);
    assertEquals("<interpreter>" + x0 + "</interpreter>\n", tool.injection());

    TurnGenerated t1 = run.next(TurnGenerated.class);
    assertTokensExact(t1.turn(), tool.injection());
    SolveFinished finished = run.next(SolveFinished.class);
    assertEquals(Integer.toString(x0), finished.answer());
    assertFalse(finished.truncated());

    EpisodeScored scored = run.next(EpisodeScored.class);
    assertEquals(0.0, scored.rewards().outcome()); // no hints yet: k guessed 0, wrong
    assertEquals(1.0, scored.rewards().format());
    assertTrue(scored.feedback().contains("expected " + (x0 + 5)), scored.feedback());
    EpisodeRecord solve0 = run.next(EpisodeCompleted.class).record();
    assertEquals(List.of(EpisodeKind.SOLVE, 0, 2, 1), List.of(solve0.kind(), solve0.position(), solve0.turns().size(), solve0.toolCalls()));
    assertEquals("g1", solve0.groupId());

    // update: previous hints + trajectory + reward + feedback → hints replaced
    EpisodeStarted u0 = run.next(EpisodeStarted.class);
    assertEquals(EpisodeKind.UPDATE, u0.kind());
    assertTrue(u0.prompt().contains("<trajectory><plan>add k to x</plan>"), u0.prompt());
    assertTrue(u0.prompt().contains("<reward>0.00</reward>") && u0.prompt().contains("expected " + (x0 + 5)), u0.prompt());
    run.next(TurnGenerated.class);
    ContextUpdated updated = run.next(ContextUpdated.class);
    assertEquals("k=5", updated.hints());
    assertTrue(updated.parsed());
    EpisodeRecord update0 = run.next(EpisodeCompleted.class).record();
    assertEquals(EpisodeKind.UPDATE, update0.kind());
    assertEquals(0.0, update0.rewards().penalty());
    assertEquals("k=5", update0.hints());

    // the next solve sees the new hints and gets it right
    EpisodeStarted s1 = run.next(EpisodeStarted.class);
    assertTrue(s1.prompt().startsWith("<hints>k=5</hints>"), s1.prompt());
    run.next(TurnGenerated.class);
    run.next(ToolCallCompleted.class);
    run.next(TurnGenerated.class);
    run.next(SolveFinished.class);
    assertTrue(run.next(EpisodeScored.class).rewards().success());
    run.next(EpisodeCompleted.class);

    // … update 1, solve 2 (the last: no update after it), pack completed
    assertEquals(EpisodeKind.UPDATE, run.next(EpisodeStarted.class).kind());
    run.next(TurnGenerated.class);
    run.next(ContextUpdated.class);
    run.next(EpisodeCompleted.class);
    assertEquals(2, run.next(EpisodeStarted.class).position());
    run.next(TurnGenerated.class);
    run.next(ToolCallCompleted.class);
    run.next(TurnGenerated.class);
    run.next(SolveFinished.class);
    run.next(EpisodeScored.class);
    assertEquals(2, run.next(EpisodeCompleted.class).record().position());
    PackCompleted done = run.next(PackCompleted.class);
    assertEquals(2, done.successes());
    run.esb().persistenceTestKit().expectNothingPersisted(run.pid(), java.time.Duration.ofMillis(300));

    AgentState state = run.esb().getState();
    assertEquals("k=5", state.hints());
    assertFalse(state.busy());
    assertEquals(3, state.counters().solveEpisodes());
    assertEquals(2, state.counters().updateEpisodes());
    assertEquals(2, state.counters().successes());
    assertEquals(3, run.echo().ended.get(), "Tool.endEpisode once per solve episode");
  }

  /** The exact ids the policy returned are recorded: injected prefix then sampled tokens, mask 0 then 1. */
  private static void assertTokensExact(Turn turn, String injected) {
    assertEquals(injected, turn.injectedText());
    assertArrayEquals(injected.codePoints().toArray(), turn.injectedTokenIds());
    assertArrayEquals(turn.sampledText().codePoints().toArray(), turn.sampledTokenIds());
    for (int i = 0; i < turn.logprobs().length; i++) assertEquals(-0.1f - (i % 5) * 0.01f, turn.logprobs()[i]);
    int[] mask = turn.lossMask();
    assertEquals(turn.injectedTokenIds().length + turn.sampledTokenIds().length, mask.length);
    assertEquals(0, mask[0]);
    assertEquals(1, mask[mask.length - 1]);
  }

  @Test
  void hintsAreReplacedNotAppended() {
    AtomicInteger updates = new AtomicInteger();
    Run run = agent(ScriptedPolicy.of(r -> ScriptedPolicy.prompt(r).contains("<trajectory>")
        ? "<hints>version " + updates.incrementAndGet() + "</hints>"
        : "<answer>0</answer>"), "");
    assign(run, pack(1, 3));
    awaitIdle(run);
    List<EpisodeStarted> solves = started(run, EpisodeKind.SOLVE);
    assertTrue(solves.get(1).prompt().startsWith("<hints>version 1</hints>\n"), solves.get(1).prompt());
    assertTrue(solves.get(2).prompt().startsWith("<hints>version 2</hints>\n"), solves.get(2).prompt());
    assertEquals("version 2", run.esb().getState().hints());
  }

  @Test
  void unparseableHintsFallBackToNoHintsAndCostThePenalty() {
    Run run = agent(ScriptedPolicy.of(r -> ScriptedPolicy.prompt(r).contains("<trajectory>") ? "the rule is probably k=3"
        : "<answer>1</answer>"), "");
    assign(run, pack(2, 2));
    awaitIdle(run);
    List<EpisodeRecord> records = completed(run);
    EpisodeRecord update = records.get(1);
    assertEquals(EpisodeKind.UPDATE, update.kind());
    assertEquals(-0.1, update.rewards().penalty(), 1e-12);
    assertEquals("no hints available", update.hints());
    assertEquals("no <hints> block", update.feedback());
    assertEquals(1, run.esb().getState().counters().hintsParseFailures());
    assertTrue(started(run, EpisodeKind.SOLVE).get(1).prompt().startsWith("<hints>no hints available</hints>"));
  }

  @Test
  void malformedAndUnavailableToolCallsAreAnsweredInTheInterpreterAndCountAgainstTheFormat() {
    Run run = agent(ScriptedPolicy.sequence("<plan>p</plan><code lang=\"python\">print(1)", "<code lang=\"sql\">select 1</code>",
        "<answer>3</answer>"), "");
    assign(run, pack(3, 1));
    awaitIdle(run);
    List<TurnGenerated> turns = events(run, TurnGenerated.class);
    assertTrue(turns.get(0).malformedCall());
    assertEquals("<interpreter>error: unclosed <code> block (expected </code>)</interpreter>\n", turns.get(0).injection());
    assertEquals("<interpreter>error: tool 'sql' is not available for this task (available: echo)</interpreter>\n",
        turns.get(1).injection());
    EpisodeRecord r = completed(run).get(0);
    assertEquals(3, r.turns().size());
    assertEquals(-1.0, r.rewards().format());
    assertEquals(0, r.toolCalls());
    assertEquals(2, run.esb().getState().counters().malformedCalls());
    assertEquals(turns.get(1).injection(), r.turns().get(2).injectedText());
  }

  @Test
  void anEpisodeWithoutAnAnswerIsTruncatedAtMaxTurns() {
    Run run = agent(ScriptedPolicy.of(r -> "<code lang=\"echo\">again</code>"), "perennial.agents.max-turns = 3");
    assign(run, pack(5, 1));
    awaitIdle(run);
    SolveFinished f = events(run, SolveFinished.class).get(0);
    assertTrue(f.truncated());
    assertEquals("max turns (3) reached without an answer", f.reason());
    EpisodeRecord r = completed(run).get(0);
    assertTrue(r.truncated());
    assertEquals(3, r.turns().size());
    assertEquals(0.0, r.rewards().outcome());
    assertFalse(r.rewards().success());
  }

  @Test
  void aTurnThatRunsOutOfTokensTruncatesTheEpisode() {
    Run run = agent(ScriptedPolicy.of(r -> "<plan>" + "think ".repeat(100)), "perennial.agents.max-tokens-per-turn = 40");
    assign(run, pack(6, 1));
    awaitIdle(run);
    EpisodeRecord r = completed(run).get(0);
    assertTrue(r.truncated());
    assertEquals(40, r.turns().get(0).sampledTokenIds().length);
    assertEquals(dev.perennial.agents.policy.FinishReason.LENGTH, r.turns().get(0).finishReason());
  }

  @Test
  void theEpisodeTokenBudgetLimitsEachTurnAndTruncates() {
    Run run = agent(ScriptedPolicy.of(r -> "<code lang=\"echo\">" + "y".repeat(30) + "</code>"),
        "perennial.agents.max-tokens-per-episode = 100\nperennial.agents.max-turns = 10");
    assign(run, pack(7, 1));
    awaitIdle(run);
    EpisodeRecord r = completed(run).get(0);
    assertTrue(r.truncated());
    assertTrue(r.generatedTokens() <= 100, "generated " + r.generatedTokens());
    assertTrue(r.turns().size() < 10);
  }

  @Test
  void aSecondPackIsRefusedWhileBusyAndAnUnknownEnvironmentIsRefused() {
    Run run = agent(ScriptedPolicy.of(new CodScript()).withDelay(java.time.Duration.ofMillis(200)), "");
    assertTrue(assign(run, pack(8, 2)).isSuccess());
    StatusReply<Done> second = assign(run, pack(9, 2));
    assertTrue(second.isError());
    assertTrue(second.getError().getMessage().contains("is busy with pack add-8-2"), second.getError().getMessage());
    Pack alien = new Pack("p", "nowhere", PackSpec.train(1, 1), pack(1, 1).tasks(), "");
    awaitIdle(run);
    StatusReply<Done> unknown = assign(run, alien);
    assertEquals("unknown environment 'nowhere'", unknown.getError().getMessage());
  }

  // ---- helpers

  static void awaitIdle(Run run) {
    long deadline = System.currentTimeMillis() + TestSystems.patience().toMillis();
    while (System.currentTimeMillis() < deadline) {
      AgentState s = run.esb().getState();
      if (!s.busy() || s.halted()) return;
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("agent " + run.agentId() + " did not finish its pack: " + run.esb().getState());
  }

  static <E> List<E> events(Run run, Class<E> type) {
    return run.esb().persistenceTestKit().persistedInStorage(run.pid()).stream().filter(type::isInstance).map(type::cast).toList();
  }

  static List<EpisodeRecord> completed(Run run) {
    return events(run, EpisodeCompleted.class).stream().map(EpisodeCompleted::record).toList();
  }

  static List<EpisodeStarted> started(Run run, EpisodeKind kind) {
    return events(run, EpisodeStarted.class).stream().filter(e -> e.kind() == kind).toList();
  }
}
