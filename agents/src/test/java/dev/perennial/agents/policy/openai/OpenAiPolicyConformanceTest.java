package dev.perennial.agents.policy.openai;

import static dev.perennial.agents.policy.openai.CannedHttpServer.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.openai.CannedHttpServer.Canned;
import org.junit.jupiter.api.Test;

/** The client against recorded vLLM- and OpenAI-style answers. */
class OpenAiPolicyConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Generation generate(CannedHttpServer server, String overrides, String... stop) {
    return Clients.policy(server.baseUrl(), overrides).generate(Clients.request(stop)).toCompletableFuture().join();
  }

  @Test
  void vllmCompletionGivesTokenIdsLogprobsAndTheStopString() throws Exception {
    try (var server = new CannedHttpServer(Canned.json(200, resource("vllm-completion.json")))) {
      Generation g = generate(server, "vllm-extensions = on, require-logprobs = on", "</answer>");
      assertEquals(" 42</answer>", g.text());
      assertArrayEquals(new int[] {220, 19, 522}, g.tokenIds());
      assertArrayEquals(new float[] {-0.125f, -0.5f, -0.0078125f}, g.logprobs());
      assertEquals(FinishReason.STOP, g.finishReason());

      var sent = server.received().get(0);
      assertEquals("/v1/completions", sent.path());
      assertEquals("Bearer sk-test", sent.authorization());
      JsonNode body = JSON.readTree(sent.body());
      assertEquals("Q: 6*7?\n<code>out: 42\n", body.get("prompt").asText());
      assertEquals(0, body.get("logprobs").asInt());
      assertTrue(body.get("return_tokens_as_token_ids").asBoolean());
      assertTrue(body.get("include_stop_str_in_output").asBoolean());
      assertEquals(20, body.get("top_k").asInt());
      assertEquals(1234, body.get("seed").asLong());
      assertEquals("</answer>", body.get("stop").get(0).asText());
      assertEquals(16, body.get("max_tokens").asInt());
    }
  }

  @Test
  void vllmChatMapsSegmentsToMessagesAndReadsChatLogprobs() throws Exception {
    try (var server = new CannedHttpServer(Canned.json(200, resource("vllm-chat.json")))) {
      Generation g = generate(server, "endpoint = chat, vllm-extensions = on");
      assertEquals("Hello!", g.text());
      assertArrayEquals(new int[] {9707, 0, 151645}, g.tokenIds());
      assertArrayEquals(new float[] {-0.25f, -0.0625f, -0.001953125f}, g.logprobs());
      assertEquals(FinishReason.EOS, g.finishReason());   // vLLM: stop_reason null = end of sequence

      JsonNode body = JSON.readTree(server.received().get(0).body());
      assertEquals("/v1/chat/completions", server.received().get(0).path());
      JsonNode messages = body.get("messages");
      assertEquals(3, messages.size());
      assertEquals("user", messages.get(0).get("role").asText());
      assertEquals("Q: 6*7?\n", messages.get(0).get("content").asText());
      assertEquals("assistant", messages.get(1).get("role").asText());
      assertEquals("<code>", messages.get(1).get("content").asText());
      assertEquals("out: 42\n", messages.get(2).get("content").asText());
      assertTrue(body.get("logprobs").asBoolean());
    }
  }

  @Test
  void withoutExtensionsNoVllmParametersAreSent() throws Exception {
    try (var server = new CannedHttpServer(Canned.json(200, resource("openai-chat-no-ids.json")))) {
      Generation g = generate(server, "endpoint = chat");
      assertEquals("Hi", g.text());
      assertEquals(0, g.tokenIds().length, "no token ids from this server");
      assertEquals(0, g.logprobs().length, "ids and log-probs stay aligned: both empty");
      JsonNode body = JSON.readTree(server.received().get(0).body());
      assertFalse(body.has("top_k"));
      assertFalse(body.has("return_tokens_as_token_ids"));
    }
  }

  @Test
  void streamedCompletionIsAccumulatedAcrossChunks() throws Exception {
    try (var server = new CannedHttpServer(Canned.sse(resource("vllm-completion-stream.txt")))) {
      Generation g = generate(server, "stream = on, vllm-extensions = on, require-logprobs = on", "</answer>");
      assertEquals(" 42</answer>", g.text());
      assertArrayEquals(new int[] {220, 19, 522}, g.tokenIds());
      assertArrayEquals(new float[] {-0.125f, -0.5f, -0.0078125f}, g.logprobs());
      assertEquals(FinishReason.STOP, g.finishReason());
      assertTrue(JSON.readTree(server.received().get(0).body()).get("stream").asBoolean());
    }
  }

  @Test
  void streamedChatIsAccumulatedAcrossChunks() {
    try (var server = new CannedHttpServer(Canned.sse(resource("vllm-chat-stream.txt")))) {
      Generation g = generate(server, "endpoint = chat, stream = on, vllm-extensions = on, require-logprobs = on");
      assertEquals("Hello!", g.text());
      assertArrayEquals(new int[] {9707, 0}, g.tokenIds());
      assertArrayEquals(new float[] {-0.25f, -0.0625f}, g.logprobs());
      assertEquals(FinishReason.LENGTH, g.finishReason());
    }
  }

  @Test
  void stopStringIsRestoredWhenTheServerLeftItOut() {
    String body = resource("vllm-completion.json").replace(" 42</answer>", " 42");
    try (var server = new CannedHttpServer(Canned.json(200, body))) {
      Generation g = generate(server, "", "</answer>");
      assertEquals(" 42</answer>", g.text());
    }
  }

  @Test
  void checkModelListsTheServedModels() {
    String models = "{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\"},{\"id\":\"other\",\"object\":\"model\"}]}";
    try (var server = new CannedHttpServer(Canned.json(200, models))) {
      var ids = Clients.policy(server.baseUrl(), "").checkModel().toCompletableFuture().join();
      assertEquals(java.util.List.of("m", "other"), ids);
      assertEquals("/v1/models", server.received().get(0).path());
    }
  }
}
