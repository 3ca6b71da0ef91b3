package dev.perennial.persistence;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import scala.runtime.AbstractFunction0;

/**
 * Proves that a message, event or state survives the journal: serializes it with the serializer
 * Akka picks for it (which must be {@code jackson-cbor} for a {@link CborSerializable}), reads it
 * back with the recorded manifest, and compares the two structurally (so records holding arrays,
 * which have identity equality, compare by content). Used by every module's serialization tests.
 */
public final class CborRoundTrip {
  private CborRoundTrip() {}

  /** Round-trips {@code value}; returns the copy, or throws {@link AssertionError} saying what differs. */
  public static <T> T verify(ActorSystem<?> system, T value) {
    // ActorRef fields need to know the system while they are (de)serialized
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
    return akka.serialization.Serialization$.MODULE$.withTransportInformation(classic, new AbstractFunction0<T>() {
      @Override
      public T apply() { return verifyWithinSystem(system, value); }
    });
  }

  private static <T> T verifyWithinSystem(ActorSystem<?> system, T value) {
    Serialization serialization = SerializationExtension.get(system);
    Serializer serializer;
    try {
      serializer = serialization.findSerializerFor(value);
    } catch (Exception e) {
      throw new AssertionError("no serializer for " + value.getClass().getName() + ": " + e, e);
    }
    if (value instanceof CborSerializable && !serializer.getClass().getName().contains("Jackson")) {
      throw new AssertionError(value.getClass().getName() + " is CborSerializable but is bound to "
          + serializer.getClass().getName() + " (check akka.actor.serialization-bindings)");
    }
    byte[] bytes;
    Object copy;
    try {
      bytes = serializer.toBinary(value);
      copy = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, value)).get();
    } catch (Exception e) {
      throw new AssertionError("could not round-trip " + value.getClass().getName() + ": " + e, e);
    }
    if (!copy.getClass().equals(value.getClass())) {
      throw new AssertionError("round trip of " + value.getClass().getName() + " gave a " + copy.getClass().getName());
    }
    if (!copy.equals(value)) {
      JsonNode before = tree(system, value);
      JsonNode after = tree(system, copy);
      if (!before.equals(after)) {
        throw new AssertionError("round trip changed " + value.getClass().getSimpleName()
            + "\n before: " + before + "\n after:  " + after);
      }
    }
    @SuppressWarnings("unchecked")
    T typed = (T) copy;
    return typed;
  }

  private static JsonNode tree(ActorSystem<?> system, Object value) {
    ObjectMapper mapper = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty());
    return mapper.valueToTree(value);
  }
}
