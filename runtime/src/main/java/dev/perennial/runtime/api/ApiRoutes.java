package dev.perennial.runtime.api;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.headers.HttpChallenge;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Rejections;
import akka.http.javadsl.server.Directives;
import akka.http.javadsl.server.Route;
import dev.perennial.agents.protocol.ProtocolTags;
import dev.perennial.runtime.serve.LearnerProbe;
import dev.perennial.runtime.serve.ServeSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The whole HTTP surface of {@code perennial serve}: the open probes and dashboard page, then —
 * behind the bearer token when one is required — the agents API, metrics, learner status and the
 * dashboard's data. Errors of every kind answer in the API's JSON shape.
 */
public final class ApiRoutes extends AllDirectives {
  private final ServeSettings settings;
  private final AgentRoutes agents;
  private final SystemRoutes system;
  private final Route dashboardOpen;
  private final Route dashboardGuarded;
  private final ApiErrors errors;
  private final byte[] token;

  /**
   * @param dashboardOpen    the page and its static files (no data in them)
   * @param dashboardGuarded the dashboard's data and event stream
   */
  public ApiRoutes(ActorSystem<?> actorSystem, ServeSettings settings, ProtocolTags tags, Supplier<Map<String, Boolean>> readiness,
      Supplier<String> metrics, LearnerProbe learner, Route dashboardOpen, Route dashboardGuarded) {
    this.settings = settings;
    this.errors = new ApiErrors(settings.maxRequestBytes());
    Views views = new Views(tags);
    this.agents = new AgentRoutes(actorSystem, settings, views, new AgentJournal(actorSystem), new TaskWaiters(actorSystem), errors);
    this.system = new SystemRoutes(readiness, metrics, learner, views, errors);
    this.dashboardOpen = dashboardOpen;
    this.dashboardGuarded = dashboardGuarded;
    this.token = settings.auth().token().getBytes(StandardCharsets.UTF_8);
  }

  public Route route() {
    return handleExceptions(errors.exceptions(), () -> handleRejections(ApiErrors.rejections(), () -> concat(
        system.open(),
        dashboardOpen,
        authorized(() -> concat(agents.route(), system.guarded(), dashboardGuarded)))));
  }

  /**
   * Passes requests that carry the token (an {@code Authorization: Bearer} header, or the
   * {@code access_token} query parameter for the browser's event stream, which cannot set headers).
   */
  private Route authorized(Supplier<Route> inner) {
    if (!settings.authRequired()) return inner.get();
    return optionalHeaderValueByName("Authorization", header -> parameterOptional("access_token", query -> {
      Optional<String> given = header.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).strip()).or(() -> query);
      if (given.isPresent() && MessageDigest.isEqual(given.get().getBytes(StandardCharsets.UTF_8), token)) return inner.get();
      HttpChallenge challenge = HttpChallenge.createOAuth2("perennial");
      return Directives.reject(given.isPresent() ? Rejections.authenticationCredentialsRejected(challenge)
          : Rejections.authenticationCredentialsMissing(challenge));
    }));
  }
}
