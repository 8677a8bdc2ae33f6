package io.wattline.jobs;

import io.wattline.http.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.http.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ScheduledEventsTest {
    private static final Job KPI = new Job("kpi_calculate", "Daily KPI Calculation", "30 0 * * *", "data");
    private static final Instant AT = Instant.parse("2025-10-14T00:30:00.123Z");

    @Test
    void eventBridgeShape() throws Exception {
        Map<String, Object> e = ScheduledEvents.of(KPI, AT, "eu-central-1", "123456789012");
        JsonNode n = JsonTrees.readTree(Json.write(Json.PLAIN, e));
        assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"),
                List.copyOf(e.keySet()));
        assertEquals("0", n.get("version").asText());
        assertEquals("Scheduled Event", n.get("detail-type").asText());
        assertEquals("aws.events", n.get("source").asText());
        assertEquals("123456789012", n.get("account").asText());
        assertEquals("eu-central-1", n.get("region").asText());
        assertEquals("2025-10-14T00:30:00Z", n.get("time").asText());
        assertEquals("[\"arn:aws:events:eu-central-1:123456789012:rule/wattline-kpi-calculate\"]", n.get("resources").toString());
        assertEquals("{}", n.get("detail").toString());
    }

    @Test
    void idIsStablePerJobAndTime() {
        Object id = ScheduledEvents.of(KPI, AT, "r", "a").get("id");
        assertEquals(id, ScheduledEvents.of(KPI, AT, "r", "a").get("id"));
        assertNotEquals(id, ScheduledEvents.of(KPI, AT.plusSeconds(86_400), "r", "a").get("id"));
        assertEquals(36, id.toString().length());
    }

    @Test
    void ruleNameUsesDashes() {
        assertEquals("wattline-kpi-calculate", KPI.ruleName(ScheduledEvents.RULE_PREFIX));
        assertEquals("30 0 * * *", KPI.cron().expression());
    }
}
