package io.wattline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    record Point(Instant timestamp, double totalEnergy, String machineId, Double missingValue) {}

    @Test
    void instantHasExplicitOffset() {
        assertEquals("\"2025-10-14T01:00:00+00:00\"", Json.write(Json.PLAIN, Instant.parse("2025-10-14T01:00:00Z")));
        assertEquals("2025-10-14T01:00:00+00:00", Times.iso(Instant.parse("2025-10-14T01:00:00Z")));
    }

    @Test
    void subSecondInstantKeepsMicroseconds() {
        assertEquals("2025-10-14T01:00:00.500000+00:00", Times.iso(Instant.parse("2025-10-14T01:00:00.5Z")));
        assertEquals("2025-10-14T01:00:00.123456+00:00", Times.iso(Instant.parse("2025-10-14T01:00:00.123456789Z")));
    }

    @Test
    void snakeCaseRecords() {
        Point p = new Point(Instant.parse("2025-10-14T00:00:00Z"), 12.5, "c1", null);
        assertEquals("{\"timestamp\":\"2025-10-14T00:00:00+00:00\",\"total_energy\":12.5,\"machine_id\":\"c1\",\"missing_value\":null}",
                Json.write(Json.SNAKE, p));
        assertEquals("{\"timestamp\":\"2025-10-14T00:00:00+00:00\",\"totalEnergy\":12.5,\"machineId\":\"c1\",\"missingValue\":null}",
                Json.write(Json.PLAIN, p));
    }

    @Test
    void doubleArraysAreWrittenAsJacksonWritesThem() throws Exception {
        record Answer(double[] values, double[] none, double[] empty) {}
        java.util.Random rnd = new java.util.Random(7);
        double[] values = new double[2_000];
        double[] special = {0.0, -0.0, 0.1 + 0.2, 1e-7, 1e21, 123456789012345680.0, Double.MIN_VALUE, -Double.MAX_VALUE,
                Double.MIN_NORMAL, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 100, -3.5};
        System.arraycopy(special, 0, values, 0, special.length);
        for (int i = special.length; i < values.length; i++) {
            double v = switch (i % 3) {
                case 0 -> rnd.nextGaussian() * 1e4;
                case 1 -> Double.longBitsToDouble(rnd.nextLong()); // any bit pattern (NaNs become the canonical NaN)
                default -> Math.round(rnd.nextDouble() * 1e6) / 100.0;
            };
            values[i] = Double.isNaN(v) ? Double.NaN : v;
        }
        Answer a = new Answer(values, null, new double[0]);
        // Jackson's own serializer, which writes each number through Double.toString
        com.fasterxml.jackson.databind.ObjectMapper jackson = new com.fasterxml.jackson.databind.ObjectMapper();
        String expected = jackson.writeValueAsString(a);
        assertEquals(expected, Json.write(Json.PLAIN, a));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Json.PLAIN.writeValue(bytes, a);
        assertEquals(expected, bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(expected.contains("\"NaN\"") && expected.contains("\"-Infinity\"") && expected.contains("0.30000000000000004"));
        // in a map, a list or as the whole answer: the same numbers
        assertEquals(jackson.writeValueAsString(Map.of("v", values)), Json.write(Json.PLAIN, Map.of("v", values)));
        assertEquals(jackson.writeValueAsString(values), Json.write(Json.PLAIN, values));
        double[] back = Json.PLAIN.readValue(Json.write(Json.PLAIN, values), double[].class);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Double.doubleToLongBits(values[i]), Double.doubleToLongBits(back[i]), "at " + i); // NaN's bits are canonical
        }
    }

    @Test
    void snakeCaseReadsRecordsAndIgnoresUnknownFields() throws Exception {
        record Req(String machineId, int horizonHours) {}
        Req r = Json.SNAKE.readValue("{\"machine_id\":\"m\",\"horizon_hours\":24,\"extra\":1}", Req.class);
        assertEquals(new Req("m", 24), r);
    }

    @Test
    void okIsSnakeCaseJson() {
        ApiResponse r = ApiResponse.ok(new Point(Instant.parse("2025-10-14T00:00:00Z"), 1, "m", 2.0));
        assertEquals(200, r.status());
        assertEquals("application/json", r.headers().get("content-type"));
        assertTrue(r.body().contains("\"machine_id\":\"m\""), r.body());
    }

    @Test
    void parseBodyReadsJson() {
        Object n = Json.parseBody("{\"a\":[1,2]}");
        assertEquals(Map.of("a", List.of(1, 2)), n);
    }

    @Test
    void emptyBodyIsMissing() {
        for (String empty : new String[]{null, "", "  \n"}) {
            ValidationException e = assertThrows(ValidationException.class, () -> Json.parseBody(empty));
            assertEquals(422, e.status());
            assertEquals(List.of(new FieldError("missing", List.of("body"), "Field required", null)), e.errors());
        }
    }

    @Test
    void malformedBodyIsJsonInvalid() {
        ValidationException e = assertThrows(ValidationException.class, () -> Json.parseBody("{\"a\": }"));
        FieldError f = e.errors().get(0);
        assertEquals("json_invalid", f.type());
        assertEquals("JSON decode error", f.msg());
        assertEquals("body", f.loc().get(0));
        assertEquals(6, f.loc().get(1));
        ApiResponse r = ErrorStyle.FASTAPI.render(e);
        assertEquals(422, r.status());
        assertTrue(r.body().startsWith("{\"detail\":[{\"type\":\"json_invalid\",\"loc\":[\"body\",6],\"msg\":\"JSON decode error\""), r.body());
    }

    @Test
    void nonNumericLiteralsAreJsonInvalidWithoutNamingTheParser() {
        ValidationException e = assertThrows(ValidationException.class, () -> Json.parseBody("{\"a\": NaN}"));
        FieldError f = e.errors().get(0);
        assertEquals("json_invalid", f.type());
        assertEquals("Non-standard token 'NaN'", f.input());
        String body = ErrorStyle.FASTAPI.render(e).body();
        assertFalse(body.contains("JsonReadFeature") || body.contains("enable"), body);
    }

    @Test
    void trailingGarbageIsJsonInvalid() {
        ValidationException e = assertThrows(ValidationException.class, () -> Json.parseBody("{\"a\":1}}"));
        assertEquals("json_invalid", e.errors().get(0).type());
        // a whole value after the first: refused where the extra value starts, in the words of the other cases
        e = assertThrows(ValidationException.class, () -> Json.parseBody("{\"a\":1} 2"));
        assertEquals(new FieldError("json_invalid", List.of("body", 8), "JSON decode error", "Malformed JSON"), e.errors().get(0));
    }

    @Test
    void nullsAreWritten() {
        java.util.HashMap<String, Object> m = new java.util.HashMap<>();
        m.put("x", null);
        assertEquals("{\"x\":null}", Json.write(Json.PLAIN, m));
        Map<?, ?> parsed = (Map<?, ?>) Json.parseBody("{\"x\":null}");
        assertTrue(parsed.containsKey("x"));
        assertNull(parsed.get("x"));
        assertEquals("{}", Json.write(Json.SNAKE, Map.of()));
    }

    @Test
    void duplicateKeysAreRefusedRatherThanTheLastOneWinning() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> Json.parseBody("{\"readings\":[{\"bad\":1}],\"readings\":[]}"));
        assertEquals("json_invalid", e.errors().get(0).type());
        assertEquals("Duplicate field 'readings'", e.errors().get(0).input());
        assertThrows(Exception.class, () -> Json.readTree("{\"machine_id\":\"a\",\"machine_id\":\"b\"}"));
    }

    @Test
    void tooDeepADocumentIsRefusedWithoutNamingJavaInternals() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        ValidationException e = assertThrows(ValidationException.class, () -> Json.parseBody(deep));
        String body = ErrorStyle.FASTAPI.render(e).body();
        assertEquals(422, ErrorStyle.FASTAPI.render(e).status());
        for (String internal : new String[]{"StreamReadConstraints", "getMaxNestingDepth", "`", "()", "com.fasterxml"}) {
            assertFalse(body.contains(internal), internal + " in " + body);
        }
        assertTrue(body.contains("nesting depth"), body);
    }

    @Test
    void parserMessagesThatStillNameJavaBecomeAPlainSentence() {
        assertEquals("Malformed JSON", Json.clientMessage("Cannot construct instance of `java.util.ArrayList`"));
        assertEquals("Malformed JSON", Json.clientMessage(null));
        assertEquals("Unexpected end-of-input", Json.clientMessage("Unexpected end-of-input"));
    }

    record Sized(String text, double[] numbers, boolean[] flags, Map<String, Object> rest) {}

    @Test
    void writingIntoASizedBuilderGivesTheSameCharacters() {
        java.util.Random rnd = new java.util.Random(5);
        double[] numbers = new double[5000];
        for (int i = 0; i < numbers.length; i++) numbers[i] = i % 7 == 0 ? i : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
        numbers[3] = Double.NaN;
        numbers[4] = -0.0;
        boolean[] flags = new boolean[300];
        flags[7] = true;
        Sized value = new Sized("é \"quoted\" \u2028 😀 \n", numbers, flags, Map.of("at", Instant.parse("2026-01-01T00:00:00Z")));
        String expected = Json.write(Json.PLAIN, value);
        for (int hint : new int[]{0, 16, expected.length() / 3, expected.length(), 2 * expected.length()}) {
            assertEquals(expected, Json.write(Json.PLAIN, value, hint), "hint " + hint);
        }
        assertEquals(Json.write(Json.SNAKE, value), Json.write(Json.SNAKE, value, 100));
    }
}
