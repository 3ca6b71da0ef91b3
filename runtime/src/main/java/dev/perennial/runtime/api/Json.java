package dev.perennial.runtime.api;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;

/** The API's one JSON mapper (Optional as value-or-null) and the small helpers every route uses. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** Parses a request body; anything but a JSON object is a 400 saying why. */
  static JsonNode readObject(ByteString body) {
    JsonNode node;
    try {
      node = MAPPER.readTree(body.toArray());
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw Problem.badRequest("bad_json", "the request body is not valid JSON: " + why);
    }
    if (node == null || !node.isObject()) throw Problem.badRequest("bad_json", "the request body must be a JSON object");
    return node;
  }

  static HttpResponse response(int status, Object body) {
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, bytes(body)));
  }

  static byte[] bytes(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String string(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON: " + e.getOriginalMessage(), e);
    }
  }
}
