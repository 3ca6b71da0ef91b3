package dev.perennial.runtime.openai;

import dev.perennial.agents.policy.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * How chat messages become a policy context. Every message is injected text: the server has no
 * sampled token ids for earlier assistant turns, so they are tokenized like the rest.
 */
public enum ChatTemplate {
  /** Contents concatenated, roles dropped: mirrors the client, which sends the agent's context this way. */
  CONCAT,
  /** ChatML (Qwen): {@code <|im_start|>role\ncontent<|im_end|>\n} per message, then an open assistant turn. */
  CHATML;

  public static ChatTemplate named(String name) {
    return switch (name) {
      case "concat" -> CONCAT;
      case "chatml" -> CHATML;
      default -> throw new IllegalArgumentException("unknown chat-template '" + name + "' (expected concat or chatml)");
    };
  }

  /** One injected segment per message, plus the assistant header for ChatML. */
  List<Segment> render(List<Message> messages) {
    List<Segment> out = new ArrayList<>();
    for (Message m : messages) {
      out.add(new Segment.Injected(this == CONCAT ? m.content()
          : "<|im_start|>" + m.role() + "\n" + m.content() + "<|im_end|>\n"));
    }
    if (this == CHATML) out.add(new Segment.Injected("<|im_start|>assistant\n"));
    return out;
  }

  /** A validated chat message. */
  record Message(String role, String content) {}
}
