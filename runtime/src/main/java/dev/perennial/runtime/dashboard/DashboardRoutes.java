package dev.perennial.runtime.dashboard;

import akka.http.javadsl.marshalling.sse.EventStreamMarshalling;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.sse.ServerSentEvent;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import dev.perennial.runtime.api.Json;

/**
 * The dashboard: the page at {@code /} and its files under {@code /dashboard/static/} (open: they
 * hold no data), and — behind the API token — its data: {@code /dashboard/snapshot} (everything
 * the page shows, at once) and {@code /dashboard/events} (server-sent events as things happen:
 * "episode" and "learner", with heartbeats). Plain HTML, CSS and JavaScript from the jar; no CDN.
 */
public final class DashboardRoutes extends AllDirectives {
  private final EpisodeBoard board;
  private final BoardFeed feed;
  private final java.time.Duration heartbeat;

  public DashboardRoutes(EpisodeBoard board, BoardFeed feed, java.time.Duration heartbeat) {
    this.board = board;
    this.feed = feed;
    this.heartbeat = heartbeat;
  }

  public Route open() {
    return concat(
        pathSingleSlash(() -> get(() -> getFromResource("dashboard/index.html", ContentTypes.TEXT_HTML_UTF8))),
        pathPrefix("dashboard", () -> pathPrefix("static", () -> get(() -> getFromResourceDirectory("dashboard")))));
  }

  public Route guarded() {
    return pathPrefix("dashboard", () -> concat(
        path("snapshot", () -> get(() -> complete(json(board.snapshot())))),
        path(PathMatchers.segment("episodes").slash(PathMatchers.segment()), id -> get(() -> board.recentEpisode(id)
            .map(ep -> complete(json(ep)))
            .orElseGet(() -> complete(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND).withEntity(HttpEntities.create(
                ContentTypes.APPLICATION_JSON, "{\"error\":{\"status\":404,\"code\":\"unknown_episode\",\"message\":\"not among the recent episodes\"}}")))))),
        path("events", () -> get(() -> completeOK(
            feed.events()
                .map(e -> ServerSentEvent.create(Json.MAPPER.writeValueAsString(e.data()), e.type()))
                .keepAlive(heartbeat, ServerSentEvent::heartbeat),
            EventStreamMarshalling.toEventStream())))));
  }

  private static HttpResponse json(Object body) {
    return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.MAPPER.valueToTree(body).toString()));
  }
}
