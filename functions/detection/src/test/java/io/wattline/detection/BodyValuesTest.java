package io.wattline.detection;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The body's plain values are the ones Jackson's own untyped deserializer reads, small objects as {@link BodyValues.Fields}. */
class BodyValuesTest {
    /** DetectionFunction's body mapper without BodyValues: the reference. */
    static final ObjectMapper JACKSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    static Object reference(String body) {
        try {
            return JACKSON.readValue(body, Object.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void sameValuesOfTheSameTypes() {
        for (String body : List.of(
                "{\"series\":[{\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1.5},{\"value\":7,\"timestamp\":null}],\"granularity\":\"hourly\"}",
                "{\"a\":1,\"b\":12345678901,\"c\":123456789012345678901234567890,\"d\":-0.0,\"e\":1e400,\"f\":NaN,\"g\":-Infinity,"
                        + "\"h\":true,\"i\":false,\"j\":null,\"k\":[],\"l\":{},\"m\":[[1],[{\"n\":\"o\"}]],\"p\":\"\\u00e9\\n\"}",
                "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8}",
                "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"j\":{\"k\":[1,2.5,\"x\"]}}",
                "[1,2.0,\"3\",null,{\"a\":[]}]", "\"text\"", "12", "4.25", "true", "{}", "[]", "[[[[]]]]")) {
            Object ours = DetectionFunction.parse(body), theirs = reference(body);
            assertEquals(theirs, ours, body);
            assertEquals(String.valueOf(theirs), String.valueOf(ours), body); // field order and number types too
        }
    }

    @Test
    void smallObjectsAreFieldsAndLargeOnesLinkedHashMaps() {
        Map<?, ?> small = (Map<?, ?>) DetectionFunction.parse("{\"b\":1,\"a\":2}");
        assertInstanceOf(BodyValues.Fields.class, small);
        assertEquals(List.of("b", "a"), List.copyOf(small.keySet()));
        assertEquals(2, small.get("a"));
        assertTrue(small.containsKey("b"));
        assertFalse(small.containsKey("c"));
        assertNull(small.get("c"));
        assertNull(small.get(null));
        StringBuilder nine = new StringBuilder("{");
        for (int i = 0; i < 9; i++) nine.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        Map<?, ?> large = (Map<?, ?>) DetectionFunction.parse(nine.append('}').toString());
        assertInstanceOf(java.util.LinkedHashMap.class, large);
        assertEquals(reference(nine.toString()), large);
    }

    @Test
    void malformedBodiesAreRefusedAsBefore() {
        for (String body : List.of("{\"a\":1,\"a\":2}", "{\"a\":1} x", "{\"a\":1}{}", "{", "{'a':1}", "[1,]",
                "[".repeat(2000) + "]".repeat(2000))) {
            assertThrows(IllegalArgumentException.class, () -> reference(body), body);
            assertThrows(IllegalArgumentException.class, () -> DetectionFunction.parse(body), body);
        }
    }
}
