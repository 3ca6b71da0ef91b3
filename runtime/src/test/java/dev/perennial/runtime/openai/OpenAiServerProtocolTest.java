package dev.perennial.runtime.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's wire format and validation, checked with a plain HTTP client. */
class OpenAiServerProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ServerHarness server;

  @BeforeAll
  static void start() throws Exception {
    server = new ServerHarness();
    server.policy.script(r -> new Generation("Hi</s>", new int[] {5, 6}, new float[] {-0.5f, -0.25f}, FinishReason.STOP,
        List.of(new int[] {1, 2, 3}), 3, 0, 1));
  }

  @AfterAll
  static void stop() throws Exception { server.close(); }

  private static JsonNode error(HttpResponse<String> r, int status) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    JsonNode e = JSON.readTree(r.body()).get("error");
    assertTrue(e.get("message").isTextual(), r.body());
    assertTrue(e.has("type") && e.has("param") && e.has("code"), r.body());
    return e;
  }

  @Test
  void modelsListsTheServedModel() throws Exception {
    JsonNode body = JSON.readTree(server.get("/models").body());
    assertEquals("list", body.get("object").asText());
    assertEquals("tiny", body.get("data").get(0).get("id").asText());
    assertEquals("model", body.get("data").get(0).get("object").asText());
    assertEquals(200, server.get("/models/tiny").statusCode());
    assertEquals("model_not_found", error(server.get("/models/other"), 404).get("code").asText());
  }

  @Test
  void completionHasOpenAiShapeWithLogprobsAndTokenIds() throws Exception {
    var r = server.post("/completions", "{\"model\":\"tiny\",\"prompt\":\"Say hi\",\"max_tokens\":5,\"logprobs\":1,\"stop\":\"</s>\"}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode body = JSON.readTree(r.body());
    assertEquals("text_completion", body.get("object").asText());
    JsonNode c = body.get("choices").get(0);
    assertEquals("Hi", c.get("text").asText());
    assertEquals("stop", c.get("finish_reason").asText());
    assertEquals("</s>", c.get("stop_reason").asText());
    assertEquals("token_id:5", c.get("logprobs").get("tokens").get(0).asText());
    assertEquals(-0.25, c.get("logprobs").get("token_logprobs").get(1).asDouble());
    assertEquals(-0.5, c.get("logprobs").get("top_logprobs").get(0).get("token_id:5").asDouble());
    assertEquals(6, c.get("token_ids").get(1).asInt());
    assertEquals(3, body.get("usage").get("prompt_tokens").asInt());
    assertEquals(2, body.get("usage").get("completion_tokens").asInt());
    assertEquals(5, server.policy.received().get(server.policy.received().size() - 1).params().maxTokens());
  }

  @Test
  void chatStreamIsServerSentEventsEndingInDone() throws Exception {
    var r = server.post("/chat/completions", "{\"model\":\"tiny\",\"stream\":true,\"logprobs\":true,"
        + "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    List<String> events = List.of(r.body().split("\n\n"));
    assertEquals("data: [DONE]", events.get(events.size() - 1));
    JsonNode first = JSON.readTree(events.get(0).substring("data: ".length()));
    assertEquals("chat.completion.chunk", first.get("object").asText());
    assertEquals("assistant", first.get("choices").get(0).get("delta").get("role").asText());
    JsonNode last = JSON.readTree(events.get(events.size() - 2).substring("data: ".length()));
    assertEquals("stop", last.get("choices").get(0).get("finish_reason").asText());
  }

  @Test
  void badRequestsGetOpenAiShaped400s() throws Exception {
    assertTrue(error(server.post("/completions", "{not json"), 400).get("message").asText().contains("not valid JSON"));
    assertEquals("prompt", error(server.post("/completions", "{\"model\":\"tiny\"}"), 400).get("param").asText());
    assertEquals("n", error(server.post("/completions", "{\"model\":\"tiny\",\"prompt\":\"x\",\"n\":2}"), 400).get("param").asText());
    assertEquals("max_tokens", error(server.post("/completions", "{\"model\":\"tiny\",\"prompt\":\"x\",\"max_tokens\":0}"), 400).get("param").asText());
    assertEquals("temperature", error(server.post("/completions", "{\"model\":\"tiny\",\"prompt\":\"x\",\"temperature\":\"hot\"}"), 400).get("param").asText());
    assertEquals("messages[0].role", error(server.post("/chat/completions",
        "{\"model\":\"tiny\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"), 400).get("param").asText());
    assertEquals("prompt", error(server.post("/completions", "{\"model\":\"tiny\",\"prompt\":[1,2,3]}"), 400).get("param").asText());
  }

  @Test
  void unknownModelIs404ModelNotFound() throws Exception {
    JsonNode e = error(server.post("/chat/completions", "{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 404);
    assertEquals("model_not_found", e.get("code").asText());
    assertTrue(e.get("message").asText().contains("gpt-9"));
  }

  @Test
  void oversizeBodyIs413() throws Exception {
    String big = "{\"model\":\"tiny\",\"prompt\":\"" + "x".repeat(100_000) + "\"}";
    assertEquals("request_too_large", error(server.post("/completions", big), 413).get("code").asText());
  }

  @Test
  void unknownPathAndWrongMethodAreJsonErrors() throws Exception {
    error(server.get("/engines"), 404);
    error(server.get("/completions"), 405);
  }
}
