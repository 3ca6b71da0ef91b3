package dev.perennial.runtime.serve;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The {@code perennial.runtime.serve} block, read once. Every key is documented in this module's
 * reference.conf; a bad value fails here with the key in the message, and so does a node that
 * would listen beyond loopback without a token.
 */
public record ServeSettings(
    String host,
    int port,
    String defaultPolicy,
    String defaultModel,
    long maxRequestBytes,
    int maxTaskChars,
    Duration maxWait,
    Duration askTimeout,
    int maxPage,
    Auth auth,
    Dashboard dashboard) {

  /** Bearer-token check: {@code mode} auto / on / off, {@code token} empty when none is configured. */
  public record Auth(String mode, String token) {
    public Auth {
      if (!mode.equals("auto") && !mode.equals("on") && !mode.equals("off")) {
        throw new IllegalArgumentException("perennial.runtime.serve.auth.mode must be auto, on or off, got '" + mode + "'");
      }
    }

    /** Whether requests to {@code host} must carry the token. */
    public boolean required(String host) {
      return mode.equals("on") || (mode.equals("auto") && !loopback(host));
    }
  }

  public record Dashboard(int pointsPerAgent, int recentEpisodes, int maxPositions, int clientBuffer, Duration heartbeat,
      Duration learnerPoll) {}

  public ServeSettings {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("perennial.runtime.serve.port must be 0..65535, got " + port);
    if (maxRequestBytes < 1024) throw new IllegalArgumentException("perennial.runtime.serve.max-request-bytes must be >= 1k");
    if (maxTaskChars < 1) throw new IllegalArgumentException("perennial.runtime.serve.max-task-chars must be >= 1");
    if (maxPage < 1) throw new IllegalArgumentException("perennial.runtime.serve.max-page must be >= 1");
    if (auth.required(host) && auth.token().isBlank()) {
      throw new IllegalArgumentException("serving on " + host + " (not loopback) needs an API token: set PERENNIAL_API_TOKEN "
          + "(or perennial.runtime.serve.auth.token), or bind to 127.0.0.1; auth.mode = off turns the check off");
    }
  }

  public static ServeSettings from(Config config) {
    Config c = config.getConfig("perennial.runtime.serve");
    Config d = c.getConfig("dashboard");
    return new ServeSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getString("default-policy"),
        c.getString("default-model"),
        c.getBytes("max-request-bytes"),
        c.getInt("max-task-chars"),
        c.getDuration("max-wait"),
        c.getDuration("ask-timeout"),
        c.getInt("max-page"),
        new Auth(c.getString("auth.mode"), c.getString("auth.token")),
        new Dashboard(d.getInt("points-per-agent"), d.getInt("recent-episodes"), d.getInt("max-positions"),
            d.getInt("client-buffer"), d.getDuration("heartbeat"), d.getDuration("learner-poll")));
  }

  public boolean authRequired() { return auth.required(host); }

  static boolean loopback(String host) {
    if (host.equals("localhost")) return true;
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
