package dev.perennial.agents.policy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.perennial.persistence.CborSerializable;

/**
 * A piece of the context a policy continues. Injected text (templates, tool output, feedback) is
 * tokenized by the policy; generated segments carry the exact token ids that were sampled, which
 * are fed back as they are (never re-tokenized), so that the learner sees the sequence the
 * behaviour policy saw.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Segment.Injected.class, name = "injected"),
  @JsonSubTypes.Type(value = Segment.Generated.class, name = "generated")
})
public sealed interface Segment extends CborSerializable {
  String text();

  record Injected(String text) implements Segment {}

  record Generated(String text, int[] tokenIds) implements Segment {}
}
