package io.wattline.local;

import io.wattline.http.JsonTrees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.config.Settings;
import io.wattline.http.Access;
import io.wattline.http.Json;
import io.wattline.http.Router;
import io.wattline.store.KeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Authentication of every route of every function, over HTTP through the local gateway. */
class AuthEndToEndTest {
    static final String MACHINE = "c0000000-0000-0000-0000-000000000001";

    /** A concrete path for a route template: every parameter filled with something plausible. */
    static String concrete(String template) {
        return template.replace("{machine_id}", MACHINE).replaceAll("\\{[a-z_]+\\}", "x");
    }

    @Test
    void everyRouteOfEveryFunctionRefusesACallerWithoutAKeyUnlessItIsPublic() {
        List<String> checked = new ArrayList<>();
        for (var f : TestCloud.get().functions().all().entrySet()) {
            for (Router.Route route : f.getValue().router().routes()) {
                String path = concrete(route.template());
                TestCloud.Response r = TestCloud.sendWithKey(null, route.method(), path, "{}");
                if (route.access() == Access.PUBLIC) {
                    assertTrue(r.status() < 400, route.routeKey() + " is public: " + r.status());
                } else {
                    assertEquals(401, r.status(), route.routeKey() + ": " + r.text());
                    assertEquals("Bearer", r.header("www-authenticate"), route.routeKey());
                    assertNotNull(r.header("x-request-id"), route.routeKey());
                }
                checked.add(route.routeKey());
            }
        }
        assertTrue(checked.contains("POST /api/v1/readings"), checked.toString());
        assertTrue(checked.contains("POST /system/purge"), checked.toString());
        assertTrue(checked.contains("POST /api/v1/scheduler/trigger/{job_id}"), checked.toString());
        assertTrue(checked.size() >= 39, checked.size() + " routes");
    }

    @Test
    void theDevelopmentKeyOpensEveryRouteInEveryHeaderTheDetectionApiReads() {
        String key = KeyStore.LOCAL_DEVELOPMENT_KEY;
        String path = "/api/v1/machines/" + MACHINE;
        assertEquals(200, TestCloud.sendWithKey(key, "GET", path, null).status());
        for (String header : List.of("Authorization", "Ocp-Apim-Subscription-Key", "X-Canary-Key")) {
            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(TestCloud.get().url() + path))
                    .header(header, header.equals("Authorization") ? "Bearer " + key : key).GET().build();
            try {
                int status = java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                assertEquals(200, status, header);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aReadKeyReadsButNeitherWritesNorPurgesNorTriggersJobs() {
        String reader = TestCloud.get().stores().keys().create("auth e2e reader", KeyStore.Scope.READ, Instant.now()).secret();
        assertEquals(200, TestCloud.sendWithKey(reader, "GET", "/api/v1/machines", null).status());
        String before = TestCloud.get("/api/v1/timeseries/latest/" + MACHINE).text();
        String reading = "{\"readings\":[{\"machine_id\":\"" + MACHINE + "\",\"timestamp\":\"" + Instant.now().minusSeconds(30)
                + "\",\"power_kw\":1.0,\"energy_kwh\":0.01}]}";
        TestCloud.Response write = TestCloud.sendWithKey(reader, "POST", "/api/v1/readings", reading);
        assertEquals(403, write.status(), write.text());
        assertTrue(write.json().get("detail").asText().contains("write scope"));
        assertEquals(before, TestCloud.get("/api/v1/timeseries/latest/" + MACHINE).text(), "nothing was written");
        assertEquals(403, TestCloud.sendWithKey(reader, "POST", "/system/purge?asset_id=Motor-Auth", null).status());
        assertEquals(403, TestCloud.sendWithKey(reader, "POST", "/api/v1/scheduler/trigger/kpi_calculate", null).status());
    }

    @Test
    void healthShowsItsDatabaseAndTablesOnlyToACallerWithAKey() {
        TestCloud.Response anonymous = TestCloud.sendWithKey(null, "GET", "/api/v1/health", null);
        assertEquals(200, anonymous.status(), anonymous.text());
        assertEquals("healthy", anonymous.json().get("status").asText());
        String table = TestCloud.get().settings().tables().state();
        assertFalse(anonymous.text().contains(table), anonymous.text());
        assertFalse(anonymous.text().contains("127.0.0.1"), anonymous.text());
        assertFalse(anonymous.json().has("scheduler"));
        TestCloud.Response keyed = TestCloud.get("/api/v1/health");
        assertTrue(keyed.text().contains(table), keyed.text());
        assertTrue(keyed.json().at("/database/host").asText().contains("127.0.0.1"));
    }

    @Test
    void openReadsLetAVoiceAssistantReadWithoutAKeyButNeverWrite() throws Exception {
        // a second set of functions on the test cloud's storage, as an operator would start them with AUTH_OPEN_READS
        Map<String, String> env = new HashMap<>(KeyAdmin.readEnv(TestCloud.dataDir().resolve("endpoints.env")));
        env.put("AUTH_OPEN_READS", "true");
        LocalFunctions open = new LocalFunctions(Settings.from(env));
        JsonNode read = invoke(open, "data", "GET", "/api/v1/machines", null);
        assertEquals(200, read.get("statusCode").asInt(), read.toString());
        // seed 001's monitoring client reads the counts from health without a key; the store's endpoint stays hidden
        JsonNode health = JsonTrees.readTree(invoke(open, "data", "GET", "/api/v1/health", null).get("body").asText());
        int machines = JsonTrees.readTree(read.get("body").asText()).size();
        assertEquals(machines, health.get("machines").asInt(), health.toString());
        assertTrue(health.get("active_machines").asInt() > 0 && health.has("recent_anomalies") && health.has("baseline_models")
                && health.at("/scheduler/jobs").size() > 0, health.toString());
        assertFalse(health.get("database").has("host") || health.get("database").has("tables"), health.toString());
        JsonNode write = invoke(open, "data", "POST", "/api/v1/readings", "{\"readings\":[]}");
        assertEquals(401, write.get("statusCode").asInt(), write.toString());
        JsonNode purge = invoke(open, "calibration", "POST", "/system/purge", null);
        assertEquals(401, purge.get("statusCode").asInt(), purge.toString());
        JsonNode detect = invoke(open, "detection", "GET", "/v1/usage", null);
        assertEquals(401, detect.get("statusCode").asInt(), "detection answers belong to a key: " + detect);
    }

    private static JsonNode invoke(LocalFunctions functions, String function, String method, String path, String body) throws Exception {
        Map<String, Object> http = Map.of("method", method, "path", path, "sourceIp", "127.0.0.1");
        Map<String, Object> event = new HashMap<>(Map.of("version", "2.0", "routeKey", method + " " + path, "rawPath", path,
                "rawQueryString", "", "headers", Map.of("content-type", "application/json"),
                "requestContext", Map.of("http", http, "requestId", "auth-e2e"), "isBase64Encoded", false));
        if (body != null) event.put("body", body);
        return JsonTrees.readTree(functions.invoke(function, Json.write(Json.PLAIN, event).getBytes(StandardCharsets.UTF_8)));
    }
}
