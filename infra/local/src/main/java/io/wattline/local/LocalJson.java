package io.wattline.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.wattline.http.Json;

/**
 * Jackson databind for the local cloud's own work (the gateway's events, the OpenAPI document, the demo data's
 * answers), which runs in one long-lived JVM: the functions themselves carry jackson-jr alone ({@link Json}). The two
 * mappers mirror {@link Json}'s names, so that a record's schema here is what a function writes.
 */
final class LocalJson {
    /** Trees, and records by their Java names ({@link Json#PLAIN}). */
    static final ObjectMapper PLAIN = new ObjectMapper();
    /** Records' names in snake_case ({@link Json#SNAKE}). */
    static final ObjectMapper SNAKE = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private LocalJson() {}

    /** The databind mapper that names a record's properties as {@code json} writes them. */
    static ObjectMapper mirror(Json json) {
        return json.snakeCase() ? SNAKE : PLAIN;
    }

    /** A JSON text as a tree; an IllegalArgumentException when it is no JSON. */
    static JsonNode parse(String text) {
        try {
            return PLAIN.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} as the tree a function's JSON of it reads back as. */
    static JsonNode tree(Object value) {
        return parse(Json.write(Json.PLAIN, value));
    }
}
