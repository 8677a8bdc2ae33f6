package io.wattline.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class JsonLoggingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneLineOfJsonWithTheRequestsContextAndTheError() throws Exception {
        LogRecord record = new LogRecord(Level.WARNING, "GET /v1/usage 500 \"quoted\"\nsecond line");
        record.setLoggerName("io.wattline.http.LambdaFunction");
        record.setThrown(new IllegalStateException("store down"));
        MDC.put("tenant", "t-1");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("request_id", "r-1");
        fields.put("cold_start", true);
        fields.put("function_memory_size", 1024);
        String line;
        try {
            line = JsonLogging.withFields(fields, () -> new JsonLogging.JsonLineFormatter().format(record));
        } finally {
            MDC.clear();
        }
        assertTrue(line.endsWith("\n"));
        assertEquals(1, line.split("\n", -1).length - 1, "one line per record, newlines escaped: " + line);
        JsonNode n = JSON.readTree(line);
        assertEquals("WARN", n.get("level").asText());
        assertEquals("io.wattline.http.LambdaFunction", n.get("logger").asText());
        assertEquals("GET /v1/usage 500 \"quoted\"\nsecond line", n.get("message").asText());
        assertEquals("r-1", n.get("request_id").asText());
        assertTrue(n.get("cold_start").isBoolean() && n.get("cold_start").asBoolean(), line);
        assertTrue(n.get("function_memory_size").isInt() && n.get("function_memory_size").asInt() == 1024, line);
        assertEquals("t-1", n.get("tenant").asText(), "MDC entries are fields too");
        assertEquals(record.getInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                java.time.Instant.parse(n.get("timestamp").asText()));
        assertTrue(n.get("timestamp").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), line);
        assertEquals("java.lang.IllegalStateException", n.get("error_type").asText());
        assertEquals("store down", n.get("error_message").asText());
        assertTrue(n.get("stack_trace").asText().contains("JsonLoggingTest"), n.get("stack_trace").asText());
    }

    @Test
    void theFieldsEndWithTheirCallAndAreNotInheritedByThreadsItStarts() throws Exception {
        LogRecord record = new LogRecord(Level.INFO, "x");
        record.setLoggerName("x");
        java.util.concurrent.atomic.AtomicReference<String> fromChild = new java.util.concurrent.atomic.AtomicReference<>();
        JsonLogging.withFields(Map.of("request_id", "r-2"), () -> {
            Thread child = new Thread(() -> fromChild.set(new JsonLogging.JsonLineFormatter().format(record)));
            child.start();
            try {
                child.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        assertFalse(JSON.readTree(fromChild.get()).has("request_id"), fromChild.get());
        assertFalse(JSON.readTree(new JsonLogging.JsonLineFormatter().format(record)).has("request_id"));
    }

    @Test
    void withoutContextOrErrorOnlyTheRecordsOwnFields() throws Exception {
        LogRecord record = new LogRecord(Level.FINE, "detail");
        record.setLoggerName("x");
        JsonNode n = JSON.readTree(new JsonLogging.JsonLineFormatter().format(record));
        assertEquals("DEBUG", n.get("level").asText());
        assertFalse(n.has("request_id"));
        assertFalse(n.has("error_type"));
        assertEquals(4, n.size());
    }

    @Test
    void levelsAsSlf4jNamesThem() {
        assertEquals(Level.INFO, JsonLogging.level(null));
        assertEquals(Level.INFO, JsonLogging.level("nonsense"));
        assertEquals(Level.FINE, JsonLogging.level(" debug "));
        assertEquals(Level.SEVERE, JsonLogging.level("ERROR"));
        assertEquals(Level.WARNING, JsonLogging.level("warn"));
        assertEquals(Level.SEVERE, JsonLogging.level("FATAL"));
        assertEquals(Level.FINEST, JsonLogging.level("all"));
        assertEquals("ERROR", JsonLogging.slf4jName(Level.SEVERE));
        assertEquals("WARN", JsonLogging.slf4jName(Level.WARNING));
        assertEquals("INFO", JsonLogging.slf4jName(Level.INFO));
        assertEquals("DEBUG", JsonLogging.slf4jName(Level.FINE));
        assertEquals("TRACE", JsonLogging.slf4jName(Level.FINEST));
    }
}
