package dev.perennial.persistence;

/**
 * Marker for every message, event and state that crosses a node boundary or goes into the journal.
 * Bound to Akka's {@code jackson-cbor} serializer in this module's reference.conf.
 */
public interface CborSerializable {}
