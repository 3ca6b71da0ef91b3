package dev.perennial.agents.policy.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A loopback HTTP server that answers with canned responses in order (the last one repeats) and
 * records what it received: for protocol tests of the client against recorded server answers.
 */
final class CannedHttpServer implements AutoCloseable {
  /** @param stallMillis when positive: send the body chunked, then hang this long before closing */
  record Canned(int status, String contentType, String body, Map<String, String> headers, long stallMillis) {
    Canned(int status, String contentType, String body, Map<String, String> headers) {
      this(status, contentType, body, headers, 0);
    }

    static Canned json(int status, String body) { return new Canned(status, "application/json", body, Map.of()); }

    static Canned sse(String body) { return new Canned(200, "text/event-stream", body, Map.of()); }

    static Canned stalledSse(String partial, long millis) {
      return new Canned(200, "text/event-stream", partial, Map.of(), millis);
    }
  }

  record Received(String method, String path, String authorization, String body) {}

  private final HttpServer server;
  private final Deque<Canned> script = new ArrayDeque<>();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

  CannedHttpServer(Canned... responses) {
    script.addAll(List.of(responses));
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "canned-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  static String resource(String name) {
    try (InputStream in = CannedHttpServer.class.getResourceAsStream("/openai/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1"; }

  List<Received> received() { return List.copyOf(received); }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
        ex.getRequestHeaders().getFirst("Authorization"), body));
    Canned c;
    synchronized (script) {
      c = script.size() > 1 ? script.poll() : script.peek();
    }
    byte[] bytes = c.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", c.contentType());
    c.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(c.status(), c.stallMillis() > 0 ? 0 : bytes.length);
    ex.getResponseBody().write(bytes);
    if (c.stallMillis() > 0) {
      ex.getResponseBody().flush();
      try {
        Thread.sleep(c.stallMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ex.close();
  }

  @Override public void close() { server.stop(0); }
}
