package dev.perennial.runtime.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the API refuses, answered as {@code {"error": {"status", "code", "message"}}} with
 * the status code. {@code code} is stable for clients to branch on; {@code message} says what to do.
 */
public final class Problem extends RuntimeException {
  private final int status;
  private final String code;

  public Problem(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public static Problem badRequest(String code, String message) { return new Problem(400, code, message); }

  public static Problem notFound(String code, String message) { return new Problem(404, code, message); }

  public int status() { return status; }

  public String code() { return code; }

  ObjectNode json() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("status", status);
    error.put("code", code);
    error.put("message", getMessage());
    return root;
  }
}
