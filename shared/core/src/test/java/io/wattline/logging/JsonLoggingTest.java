package io.wattline.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        MDC.put("request_id", "r-1");
        MDC.put("cold_start", "true");
        String line;
        try {
            line = new JsonLogging.JsonLineFormatter().format(record);
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
        assertEquals("true", n.get("cold_start").asText());
        assertEquals(record.getInstant().toString(), n.get("timestamp").asText());
        assertEquals("java.lang.IllegalStateException", n.get("error_type").asText());
        assertEquals("store down", n.get("error_message").asText());
        assertTrue(n.get("stack_trace").asText().contains("JsonLoggingTest"), n.get("stack_trace").asText());
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
        assertEquals("ERROR", JsonLogging.slf4jName(Level.SEVERE));
        assertEquals("WARN", JsonLogging.slf4jName(Level.WARNING));
        assertEquals("INFO", JsonLogging.slf4jName(Level.INFO));
        assertEquals("DEBUG", JsonLogging.slf4jName(Level.FINE));
        assertEquals("TRACE", JsonLogging.slf4jName(Level.FINEST));
    }
}
