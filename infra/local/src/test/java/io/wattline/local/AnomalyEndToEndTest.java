package io.wattline.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.store.AnomalyLog;
import io.wattline.store.dynamodb.DynamoAnomalyLog;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.wattline.local.TestCloud.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The anomaly function in the local cloud over HTTP, on DynamoDB Local and S3Proxy: a baseline trained on the
 * seeded days (15-minute buckets: two days hold enough samples), its version in the registry and its artefact
 * in the bucket, predict and deviation from it, detection stored once, resolution once, and the read port the
 * heatmaps and health use.
 */
class AnomalyEndToEndTest {
    static final String HVAC = "c0000000-0000-0000-0000-000000000002";

    @Test
    void baselineAndAnomaliesOverTheWire() {
        TestCloud.get();
        // the hour before the current one: the current one's last quarter may still lack its last minute's reading
        // (the live feed posts each minute after it; a run just after the hour found 23 quarter hours, not 24)
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        Instant start = end.minus(TestCloud.SEED_DAYS, ChronoUnit.DAYS);
        assertEquals("Model not trained", TestCloud.post("/api/v1/baseline/predict",
                "{\"machine_id\":\"" + HVAC + "\",\"inputs\":{\"operating_hours\":1,\"heating_degrees\":0,\"cooling_degrees\":2}}")
                .json().get("detail").asText());

        TestCloud.Response train = TestCloud.post("/api/v1/baseline/train", "{\"machine_id\":\"" + HVAC + "\",\"start_date\":\""
                + start + "\",\"end_date\":\"" + end + "\",\"granularity\":\"15min\"}");
        assertEquals(200, train.status(), train.text());
        JsonNode t = train.json();
        int version = t.get("model_version").asInt();
        assertTrue(version >= 1);
        // the defaults of a machine without production, operating hours first; a driver that never varies in these days
        // is left out (the HVAC runs every hour of a weekend: the seeded days decide whether operating hours vary)
        assertFalse(t.get("drivers").isEmpty(), t.toString());
        List<String> drivers = new java.util.ArrayList<>();
        t.get("drivers").forEach(d -> drivers.add(d.asText()));
        assertTrue(!drivers.contains("operating_hours") || drivers.get(0).equals("operating_hours"), t.toString());
        for (JsonNode d : t.get("drivers")) {
            assertTrue(List.of("operating_hours", "heating_degrees", "cooling_degrees").contains(d.asText()), t.toString());
        }
        // quarter hours: the test cloud's two seeded days give some 185 whole ones here, four fifths of them trained on
        // (hourly buckets would be under 50)
        assertTrue(t.at("/statistics/training_samples").asInt() >= 130, t.toString());

        JsonNode models = TestCloud.get("/api/v1/baseline/models?machine_id=" + HVAC).json();
        assertEquals(version, models.get("total_models").asInt());
        // health counts machines with an active baseline from the model metadata alone
        JsonNode health = TestCloud.get("/api/v1/health").json();
        assertTrue(health.findValue("baseline_models").asInt() >= 1, health.toString());
        JsonNode detail = TestCloud.get("/api/v1/baseline/model/" + t.get("model_id").asText()).json();
        assertEquals("baseline_v" + version, detail.get("model_name").asText());
        assertNotNull(detail.get("explanation").asText());

        // a quarter hour operates at most a quarter of an hour: 1 is refused with the range (it was taken, a bucket no
        // 15-minute model ever saw); degrees come from the model's balance points
        boolean hours = drivers.contains("operating_hours");
        if (hours) {
            TestCloud.Response tooLong = TestCloud.post("/api/v1/baseline/predict", "{\"machine_id\":\"" + HVAC
                    + "\",\"inputs\":{\"operating_hours\":1,\"outdoor_temperature_c\":24}}");
            assertEquals(422, tooLong.status(), tooLong.text());
            assertEquals("operating_hours", tooLong.json().at("/detail/0/loc/2").asText());
            assertTrue(tooLong.json().at("/detail/0/msg").asText().endsWith("from 0 to 0.25"), tooLong.text());
        }
        TestCloud.Response p = TestCloud.post("/api/v1/baseline/predict", "{\"machine_id\":\"" + HVAC
                + "\",\"inputs\":{" + (hours ? "\"operating_hours\":0.25," : "") + "\"outdoor_temperature_c\":24}}");
        assertEquals(200, p.status(), p.text());
        assertEquals(version, p.json().get("model_version").asInt());

        TestCloud.Response dev = TestCloud.get("/api/v1/baseline/deviation?machine_id=" + HVAC + "&start_time="
                + q(end.minus(6, ChronoUnit.HOURS).toString()) + "&end_time=" + q(end.toString()));
        assertEquals(200, dev.status(), dev.text());
        assertEquals(24, dev.json().get("deviations").size()); // six hours of quarter hours

        String body = "{\"machine_id\":\"" + HVAC + "\",\"start_time\":\"" + start + "\",\"end_time\":\"" + end + "\"}";
        TestCloud.Response d1 = TestCloud.post("/api/v1/anomaly/detect", body);
        assertEquals(200, d1.status(), d1.text());
        TestCloud.Response d2 = TestCloud.post("/api/v1/anomaly/detect", body);
        assertEquals(0, d2.json().get("new_anomalies").asInt(), d2.text());
        assertEquals(d1.json().get("anomalies_detected").asInt(), d2.json().get("anomalies_detected").asInt());

        // the read port the heatmaps and health use sees exactly what was stored
        LocalCloud cloud = TestCloud.get();
        AnomalyLog log = new DynamoAnomalyLog(cloud.stores().dynamoDb(), cloud.settings().tables().state());
        long stored = log.detectedBetween(start.minus(1, ChronoUnit.DAYS), end.plus(1, ChronoUnit.DAYS)).stream()
                .filter(e -> e.machineId().toString().equals(HVAC)).count();
        assertEquals(d1.json().get("anomalies_detected").asInt(), stored);

        TestCloud.Response missing = TestCloud.send("PUT", "/api/v1/anomaly/no-such-anomaly/resolve", "{}");
        assertEquals(404, missing.status());
        assertEquals("Anomaly not found", missing.json().get("detail").asText());
        if (d1.json().get("anomalies_detected").asInt() > 0) {
            String id = d1.json().get("anomalies").get(0).get("id").asText();
            JsonNode r1 = TestCloud.send("PUT", "/api/v1/anomaly/" + id + "/resolve", "{\"resolution_notes\":\"checked\"}").json();
            JsonNode r2 = TestCloud.send("PUT", "/api/v1/anomaly/" + id + "/resolve", "{\"resolution_notes\":\"twice\"}").json();
            assertEquals("resolved", r1.get("status").asText());
            assertEquals(r1.get("resolved_at"), r2.get("resolved_at"));
            assertEquals("checked", r2.get("resolution_notes").asText());
            JsonNode active = TestCloud.get("/api/v1/anomaly/active?machine_id=" + HVAC).json();
            for (JsonNode a : active.get("anomalies")) assertFalse(a.get("id").asText().equals(id));
        }
        assertEquals(200, TestCloud.get("/api/v1/anomaly/recent?hours=72&limit=3").status());
    }
}
