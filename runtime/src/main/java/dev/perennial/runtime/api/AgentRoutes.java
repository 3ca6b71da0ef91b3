package dev.perennial.runtime.api;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.deploy.TaskReply;
import dev.perennial.agents.deploy.TaskView;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentStatus;
import dev.perennial.agents.entity.DeployReply;
import dev.perennial.runtime.serve.ServeSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * {@code /agents}: create, list and inspect deployed agents; submit tasks (answered at once with
 * 202, or held up to {@code wait} seconds for the answer), fetch them by id, send feedback. Every
 * call is an ask to the agent's sharded entity, which decides (and refuses with a reason); the
 * routes only validate input and translate. Nothing blocks.
 */
final class AgentRoutes extends AllDirectives {
  private final ActorSystem<?> system;
  private final ServeSettings settings;
  private final Requests requests;
  private final Views views;
  private final AgentJournal journal;
  private final TaskWaiters waiters;
  private final ApiErrors errors;
  private final HistoryRoutes history;

  AgentRoutes(ActorSystem<?> system, ServeSettings settings, Views views, AgentJournal journal, TaskWaiters waiters, ApiErrors errors) {
    this.system = system;
    this.settings = settings;
    this.requests = new Requests(settings);
    this.views = views;
    this.journal = journal;
    this.waiters = waiters;
    this.errors = errors;
    this.history = new HistoryRoutes(views, journal, this::requireAgent, errors);
  }

  Route route() {
    return pathPrefix("agents", () -> concat(
        pathEnd(() -> concat(get(this::list), post(() -> body(this::create)))),
        pathPrefix(PathMatchers.segment(), id -> concat(
            pathEnd(() -> get(() -> reply(agent(id)))),
            pathPrefix("tasks", () -> concat(
                pathEnd(() -> post(() -> body(b -> submit(id, b)))),
                pathPrefix(PathMatchers.segment(), taskId -> concat(
                    pathEnd(() -> get(() -> reply(task(id, taskId)))),
                    path("feedback", () -> post(() -> body(b -> feedback(id, taskId, b)))))))),
            history.route(id)))));
  }

  // ---- agents

  private Route list() {
    return parameterOptional("offset", offset -> parameterOptional("limit", limit -> {
      int from = intParam("offset", offset, 0, 0, Integer.MAX_VALUE);
      int size = intParam("limit", limit, 50, 1, settings.maxPage());
      return reply(journal.agentIds().thenCompose(ids -> {
        List<String> page = ids.stream().skip(from).limit(size).toList();
        List<CompletableFuture<AgentStatus>> asks = page.stream().map(id -> status(id).toCompletableFuture()).toList();
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> {
          ObjectNode n = Json.MAPPER.createObjectNode();
          n.put("total", ids.size());
          n.put("offset", from);
          n.put("limit", size);
          ArrayNode agents = n.putArray("agents");
          asks.forEach(a -> agents.add(views.agent(a.join())));
          return Json.response(200, n);
        });
      }));
    }));
  }

  private Route create(JsonNode body) {
    Requests.NewAgent req = requests.agent(body);
    CompletionStage<HttpResponse> r = entity(req.id())
        .<DeployReply>ask(replyTo -> new AgentEntity.Deploy(req.profile(), replyTo), settings.askTimeout())
        .thenApply(reply -> {
          if (reply instanceof DeployReply.Refused no) throw ApiErrors.refusal(no.reason(), no.message());
          return Json.response(201, views.agent(((DeployReply.Ok) reply).status()))
              .addHeader(Location.create("/agents/" + req.id()));
        });
    return reply(r);
  }

  private CompletionStage<HttpResponse> agent(String id) {
    return requireAgent(id).thenApply(s -> Json.response(200, views.agent(s)));
  }

  /** The agent's status; 404 when nothing is known about it (never deployed, never given a pack). */
  CompletionStage<AgentStatus> requireAgent(String id) {
    return known(id).thenCompose(yes -> status(id)).thenApply(s -> {
      if (s.unknown()) throw unknownAgent(id);
      return s;
    });
  }

  /** Completes when the agent has a journal; fails with 404 (without starting its entity) when it has none. */
  private CompletionStage<Boolean> known(String id) {
    Requests.checkId("agent", id);
    return journal.exists(id).thenApply(yes -> {
      if (!yes) throw unknownAgent(id);
      return true;
    });
  }

  private static Problem unknownAgent(String id) {
    return Problem.notFound("unknown_agent", "no agent '" + id + "' (create it with POST /agents)");
  }

  private CompletionStage<AgentStatus> status(String id) {
    return entity(id).ask(AgentEntity.GetStatus::new, settings.askTimeout());
  }

  // ---- tasks

  private Route submit(String agentId, JsonNode body) {
    Requests.checkId("agent", agentId);
    Requests.NewTask req = requests.task(body);
    String taskId = req.task().taskId();
    boolean waits = !req.patience().isZero();
    CompletionStage<Optional<TaskView>> waiting = waits ? waiters.await(agentId, taskId, req.patience())
        : CompletableFuture.completedFuture(Optional.empty());
    CompletionStage<HttpResponse> r = known(agentId).thenCompose(yes -> entity(agentId)
        .<TaskReply>ask(replyTo -> new AgentEntity.AssignTask(req.task(), waits ? Optional.of(waiters.ref()) : Optional.empty(),
            replyTo), settings.askTimeout())
        .thenCompose(reply -> {
          if (reply instanceof TaskReply.Refused no) {
            waiters.cancel(agentId, taskId);
            throw ApiErrors.refusal(no.reason(), no.message());
          }
          TaskView accepted = ((TaskReply.Ok) reply).task();
          if (!waits || accepted.status().settled()) {
            waiters.cancel(agentId, taskId);
            return CompletableFuture.completedFuture(taskResponse(accepted));
          }
          return waiting.thenCompose(answered -> answered.isPresent()
              ? CompletableFuture.completedFuture(taskResponse(answered.get()))
              : fetchTask(agentId, taskId).thenApply(this::taskResponse)); // waited long enough: the task as it stands now
        }))
        .whenComplete((ok, err) -> {
          if (err != null) waiters.cancel(agentId, taskId);
        });
    // a held response outlives the server's default request timeout: give it the wait and the asks on top
    Duration limit = req.patience().plus(settings.askTimeout().multipliedBy(2)).plusSeconds(5);
    return withRequestTimeout(scala.concurrent.duration.FiniteDuration.apply(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
        () -> reply(r));
  }

  /** 200 once the answer is known (or never will be), 202 while the agent works on it. */
  private HttpResponse taskResponse(TaskView t) {
    return Json.response(t.status().settled() ? 200 : 202, views.task(t))
        .addHeader(Location.create("/agents/" + t.agentId() + "/tasks/" + t.taskId()));
  }

  private CompletionStage<HttpResponse> task(String agentId, String taskId) {
    Requests.checkId("agent", agentId);
    Requests.checkId("task", taskId);
    return fetchTask(agentId, taskId).thenApply(t -> Json.response(200, views.task(t)));
  }

  private CompletionStage<TaskView> fetchTask(String agentId, String taskId) {
    return known(agentId).thenCompose(yes -> entity(agentId).<TaskReply>ask(replyTo -> new AgentEntity.GetTask(taskId, replyTo), settings.askTimeout())
        .thenCompose(reply -> {
          if (reply instanceof TaskReply.Ok ok) return CompletableFuture.completedFuture(ok.task());
          TaskReply.Refused no = (TaskReply.Refused) reply;
          if (no.reason() != dev.perennial.agents.deploy.Refusal.UNKNOWN_TASK) throw ApiErrors.refusal(no.reason(), no.message());
          // finished tasks beyond perennial.agents.deploy.keep-finished-tasks are only in the journal
          return journal.forgottenTask(agentId, taskId).thenApply(found -> found.orElseThrow(() -> ApiErrors.refusal(no.reason(),
              no.message())));
        }));
  }

  private Route feedback(String agentId, String taskId, JsonNode body) {
    Requests.checkId("agent", agentId);
    Requests.checkId("task", taskId);
    var fb = requests.feedback(body);
    return reply(known(agentId).thenCompose(yes -> entity(agentId)
        .<TaskReply>ask(replyTo -> new AgentEntity.ProvideFeedback(taskId, fb, replyTo), settings.askTimeout()))
        .thenApply(reply -> {
          if (reply instanceof TaskReply.Refused no) throw ApiErrors.refusal(no.reason(), no.message());
          return Json.response(202, views.task(((TaskReply.Ok) reply).task()));
        }));
  }

  // ---- helpers

  private EntityRef<AgentEntity.Command> entity(String id) { return AgentEntity.ref(system, id); }

  /** Reads the body as a JSON object, within the size limit, then runs {@code inner}; bad input answers its 4xx. */
  private Route body(Function<JsonNode, Route> inner) {
    return withSizeLimit(settings.maxRequestBytes(), () ->
        extractStrictEntity(scala.concurrent.duration.FiniteDuration.apply(10, java.util.concurrent.TimeUnit.SECONDS), strict -> inner.apply(Json.readObject(strict.getData()))));
  }

  Route reply(CompletionStage<HttpResponse> response) {
    return completeWithFuture(response.exceptionally(errors::failure));
  }

  static int intParam(String name, Optional<String> raw, int dflt, int min, int max) {
    if (raw.isEmpty()) return dflt;
    try {
      int v = Integer.parseInt(raw.get());
      if (v < min || v > max) throw Problem.badRequest("bad_parameter", "'" + name + "' must be in " + min + ".." + max);
      return v;
    } catch (NumberFormatException e) {
      throw Problem.badRequest("bad_parameter", "'" + name + "' must be a whole number");
    }
  }
}
