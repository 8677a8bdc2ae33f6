package io.wattline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;

/** Tests read answers as Jackson databind trees (JsonNode's navigation); the functions themselves use {@link Json}. */
public final class JsonTrees {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonTrees() {}

    public static JsonNode readTree(String json) throws IOException {
        return MAPPER.readTree(json);
    }

    public static JsonNode readTree(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    public static JsonNode readTree(java.io.File json) throws IOException {
        return MAPPER.readTree(json);
    }

    public static JsonNode readTree(InputStream json) throws IOException {
        return MAPPER.readTree(json);
    }

    /** {@code value} as the tree of the JSON the suite writes of it ({@link Json#PLAIN}). */
    public static JsonNode tree(Object value) throws IOException {
        return MAPPER.readTree(Json.write(Json.PLAIN, value));
    }
}
