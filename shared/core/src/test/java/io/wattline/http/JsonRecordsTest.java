package io.wattline.http;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The wire conventions {@link JsonRecords} adds to jackson-jr, each as Jackson databind wrote it before (the answers'
 * and the stored documents' JSON did not change with the library).
 */
class JsonRecordsTest {
    enum Level { LOW, HIGH; @Override public String toString() { return "level " + name().toLowerCase(); } }

    record Energy(double energyKwh, @JsonInclude(JsonInclude.Include.NON_NULL) Double costEur) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Sparse(String a, Integer b) {}

    record Shown(String machineName, @JsonUnwrapped Energy energy, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notes,
                 @JsonProperty("p95_ms") double p95Millis, @JsonIgnore String secret, Level level, Map<Level, Integer> byLevel,
                 UUID id, Instant at) {}

    @Test
    void recordsAreWrittenWithTheirConventions() {
        Map<Level, Integer> byLevel = new EnumMap<>(Level.class);
        byLevel.put(Level.HIGH, 2);
        UUID id = UUID.fromString("c0000000-0000-0000-0000-000000000001");
        Shown s = new Shown("Press 1", new Energy(12.5, null), List.of(), 3.25, "hidden", Level.LOW, byLevel, id,
                Instant.parse("2026-01-02T03:04:05.5Z"));
        assertEquals("{\"machine_name\":\"Press 1\",\"energy_kwh\":12.5,\"p95_ms\":3.25,\"level\":\"LOW\","
                + "\"by_level\":{\"HIGH\":2},\"id\":\"c0000000-0000-0000-0000-000000000001\","
                + "\"at\":\"2026-01-02T03:04:05.500000+00:00\"}", Json.write(Json.SNAKE, s));
        Shown full = new Shown("P", new Energy(1, 0.25), List.of("n"), 0, null, Level.HIGH, Map.of(), id, null);
        assertEquals("{\"machineName\":\"P\",\"energyKwh\":1.0,\"costEur\":0.25,\"notes\":[\"n\"],\"p95_ms\":0.0,"
                + "\"level\":\"HIGH\",\"byLevel\":{},\"id\":\"c0000000-0000-0000-0000-000000000001\",\"at\":null}", Json.write(Json.PLAIN, full));
        assertEquals("{\"a\":\"x\"}", Json.write(Json.SNAKE, new Sparse("x", null)));
    }

    @Test
    void namesFollowJacksonsSnakeCase() {
        assertEquals("energy_kwh", JsonRecords.snakeCase("energyKwh"));
        assertEquals("k_wh", JsonRecords.snakeCase("kWh"));
        assertEquals("p95_ms", JsonRecords.snakeCase("p95Ms"));
        assertEquals("urlvalue", JsonRecords.snakeCase("URLValue")); // no underscore within a run of capitals
        assertEquals(new com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy().translate("URLValue"),
                JsonRecords.snakeCase("URLValue"));
        assertEquals("demand15min_kw", JsonRecords.snakeCase("demand15minKw"));
        assertEquals("a", JsonRecords.snakeCase("_a"));
    }

    record Stored(String modelType, @JsonAlias("guessed_rmse") Double heldOutRmse, double[] errors, double[][] byLead,
                  List<Energy> energies, Map<String, Energy> byName, Level level, UUID id, Instant at, int count, long big,
                  boolean flag, Object anything) {}

    @Test
    void recordsAreReadBackByTheirWrittenNames() throws Exception {
        Stored s = new Stored("prophet", 2.5, new double[]{1.5, Double.NaN}, new double[][]{{1}, {2, 3}},
                List.of(new Energy(1, null)), new LinkedHashMap<>(Map.of("x", new Energy(2, 3.0))), Level.HIGH,
                UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00.123456Z"), 7, 1L << 40, true, Map.of("k", List.of(1, 2.5)));
        String json = Json.write(Json.SNAKE, s);
        Stored back = Json.SNAKE.readValue(json, Stored.class);
        assertEquals(json, Json.write(Json.SNAKE, back));
        assertArrayEquals(new double[]{1.5, Double.NaN}, back.errors());
        assertEquals(new Energy(2, 3.0), back.byName().get("x"));
        assertEquals(Map.of("k", List.of(1, 2.5)), back.anything());

        // an older document: a field under its former name, fields unknown now, fields it did not have yet
        Stored old = Json.SNAKE.readValue("{\"model_type\":\"arima\",\"guessed_rmse\":1.25,\"retired\":{\"x\":1}}", Stored.class);
        assertEquals(1.25, old.heldOutRmse());
        assertNull(old.errors());
        assertEquals(0, old.count());
        assertEquals(false, old.flag());
    }

    @Test
    void whatDoesNotFitIsMalformedInputNotACrash() throws Exception {
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> Json.SNAKE.readValue("{\"count\":\"many\"}", Stored.class));
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> Json.SNAKE.readValue("{\"level\":\"MEDIUM\"}", Stored.class));
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> Json.SNAKE.readValue("[1]", Stored.class));
        // a number beyond an int is refused, not wrapped around (4294967302 is no 6)
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> Json.SNAKE.readValue("{\"count\":4294967302}", Stored.class));
        assertEquals(7, Json.SNAKE.readValue("{\"count\":7.0}", Stored.class).count());
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> Json.SNAKE.readValue("{\"count\":1} {}", Stored.class));
    }

    @Test
    void treesArePlainValuesInFieldOrder() throws Exception {
        Object tree = Json.readTree("{\"b\":1,\"a\":[12345678901,1.5,\"x\",true,null],\"big\":123456789012345678901234567890}");
        Map<?, ?> m = (Map<?, ?>) tree;
        assertEquals(List.of("b", "a", "big"), List.copyOf(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(Integer.class, m.get("b").getClass());
        assertEquals(Long.class, a.get(0).getClass());
        assertEquals(Double.class, a.get(1).getClass());
        assertEquals(java.math.BigInteger.class, m.get("big").getClass());
        assertEquals("{\"b\":1,\"a\":[12345678901,1.5,\"x\",true,null],\"big\":123456789012345678901234567890}", Json.write(Json.PLAIN, tree));
        assertEquals(Map.of("energy_kwh", 1.0), Json.SNAKE.toMap(new Energy(1, null)));
    }
}
