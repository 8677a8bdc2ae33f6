package io.wattline.twin;

import io.wattline.http.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.analytics.twin.TwinModelConfig;
import io.wattline.http.ApiRequest;
import io.wattline.http.ApiResponse;
import io.wattline.http.Json;
import io.wattline.http.Router;
import io.wattline.jobs.JobCatalog;
import io.wattline.functions.FunctionCatalog;
import io.wattline.testing.MemoryArtifactStore;
import io.wattline.testing.MemoryTelemetryStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The HTTP surface, the job and the task, through the handler as API Gateway and EventBridge drive it. */
class TwinFunctionTest {
    Fakes.Tasks tasks;
    Fakes.MutableClock clock;
    TwinFunction function;

    @BeforeEach
    void setUp() {
        tasks = new Fakes.Tasks();
        clock = new Fakes.MutableClock(Instant.parse("2025-10-14T08:00:00Z"));
        function = new TwinFunction(TwinServices.create(new Fakes.States(), new MemoryTelemetryStore(), new MemoryArtifactStore(),
                tasks, clock, TwinLimits.DEFAULT, TwinModelConfig.defaults()));
    }

    ApiResponse call(String method, String pathAndQuery) {
        return call(method, pathAndQuery, null);
    }

    ApiResponse call(String method, String pathAndQuery, String body) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (pathAndQuery.contains("?")) {
            for (String kv : pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
                String[] p = kv.split("=", 2);
                query.put(p[0], List.of(p.length > 1 ? p[1] : ""));
            }
        }
        return function.handle(new ApiRequest(method, path, query, Map.of(), body, "req-1", Map.of()));
    }

    static JsonNode json(ApiResponse r) throws Exception {
        return JsonTrees.readTree(r.body());
    }

    /** Runs the background task as the asynchronous invocation would deliver it. */
    JsonNode runTask() throws Exception {
        Fakes.Tasks.Task t = tasks.submitted.getLast();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("wattline_task", t.task());
        event.putAll(t.payload());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        function.handleRequest(new ByteArrayInputStream(Json.write(Json.PLAIN, event).getBytes(StandardCharsets.UTF_8)), out, null);
        return JsonTrees.readTree(out.toByteArray());
    }

    @Test
    void routesAreTheSeedsSystemEndpoints() {
        assertEquals(List.of("GET /system/state", "POST /system/calibrate", "POST /system/inject-fault",
                "POST /system/reset", "POST /system/stop", "POST /system/purge"),
                function.router().routes().stream().map(Router.Route::routeKey).toList());
    }

    /**
     * The twin's parameters are the query's (seed 000). One sent in a JSON body was ignored: a fault's type and
     * severity injected the default SEVERE DEFAULT, an asset_id purged Motor-01. Now such a body is refused, naming it.
     */
    @Test
    void queryParametersSentInABodyAreRefusedNotIgnored() throws Exception {
        ApiResponse fault = call("POST", "/system/inject-fault?asset_id=Pump-7", "{\"fault_type\":\"JITTER\",\"severity\":\"MILD\"}");
        assertEquals(422, fault.status(), fault.body());
        JsonNode detail = json(fault).get("detail");
        assertEquals(2, detail.size(), fault.body());
        assertEquals("[\"body\",\"fault_type\"]", detail.get(0).get("loc").toString());
        assertEquals("'fault_type' is a query parameter of this route: send it in the URL (?fault_type=...), not in the body",
                detail.get(0).get("msg").asText());
        assertEquals("JITTER", detail.get(0).get("input").asText());
        ApiResponse purge = call("POST", "/system/purge", "{\"asset_id\":\"Pump-7\"}");
        assertEquals(422, purge.status(), purge.body());
        assertEquals("[\"body\",\"asset_id\"]", json(purge).get("detail").get(0).get("loc").toString());
        // in the query it is read; a body without keys is ignored, as FastAPI ignores a body it does not take
        assertEquals(200, call("POST", "/system/purge?asset_id=Pump-7", "{\"asset_id\":\"Pump-7\"}").status());
        assertEquals(200, call("POST", "/system/calibrate?asset_id=Pump-8", "{}").status());
        assertEquals(200, call("POST", "/system/purge?asset_id=Pump-8", "not json").status());
        // curl's -d sends a form body; a JSON object cut short; a misspelt name in the query: each acted on Motor-01
        ApiResponse form = call("POST", "/system/purge", "asset_id=Pump-7");
        assertEquals(422, form.status(), form.body());
        assertEquals("[\"body\",\"asset_id\"]", json(form).get("detail").get(0).get("loc").toString());
        ApiResponse formFault = call("POST", "/system/inject-fault?asset_id=Pump-7", "fault_type=JITTER&severity=MILD");
        assertEquals(2, json(formFault).get("detail").size(), formFault.body());
        ApiResponse cut = call("POST", "/system/purge", "{\"asset_id\":\"Pump-7\"");
        assertEquals(422, cut.status(), cut.body());
        ApiResponse misspelt = call("POST", "/system/purge?assetId=Pump-7");
        assertEquals(422, misspelt.status(), misspelt.body());
        assertEquals("[\"query\",\"assetId\"]", json(misspelt).get("detail").get(0).get("loc").toString());
        assertEquals("Extra inputs are not permitted: this route's query parameters are asset_id; did you mean 'asset_id'?",
                json(misspelt).get("detail").get(0).get("msg").asText());
        assertEquals(422, call("POST", "/system/stop?asset=Pump-7").status());
        assertEquals("IDLE", json(call("GET", "/system/state?asset_id=Motor-01&_=123")).get("state").asText(),
                "the default motor untouched; a read ignores a parameter it does not take");
    }

    /**
     * A body key that is no spelling of any of the action's parameters ({@code {"asset":"Pump-7"}}) was ignored, and the
     * action fell to the default motor: a purge purged Motor-01. The actions take no body, so such a key is refused as
     * pydantic refuses an extra field, naming it; the read stays lenient.
     */
    @Test
    void anUnknownBodyKeyOnAnActionIsRefusedNotIgnored() throws Exception {
        assertEquals(200, call("POST", "/system/calibrate?seed=3").status());
        assertEquals("done", runTask().get("status").asText());
        for (String route : List.of("/system/purge", "/system/stop", "/system/reset", "/system/inject-fault", "/system/calibrate")) {
            ApiResponse r = call("POST", route, "{\"asset\":\"Pump-7\"}");
            assertEquals(422, r.status(), route + ": " + r.body());
            JsonNode d = json(r).get("detail").get(0);
            assertEquals("extra_forbidden", d.get("type").asText(), route);
            assertEquals("[\"body\",\"asset\"]", d.get("loc").toString(), route);
            assertEquals("Pump-7", d.get("input").asText(), route);
            assertTrue(d.get("msg").asText().startsWith("Extra inputs are not permitted: this route takes no body; its parameters"
                    + " go in the URL's query: asset_id"), d.get("msg").asText());
        }
        // with the asset in the query too: the stray key still means something the sender thinks was read
        assertEquals(422, call("POST", "/system/purge?asset_id=Motor-01", "{\"note\":\"done\"}").status());
        // a form's key, and a JSON object cut short
        assertEquals("[\"body\",\"asset\"]", json(call("POST", "/system/purge", "asset=Pump-7")).get("detail").get(0)
                .get("loc").toString());
        assertEquals(422, call("POST", "/system/purge", "{\"asset\":\"Pump-7\"").status());
        // a multipart form (curl -F) names its fields, not its parts' headers (Content-Disposition, name)
        String multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"asset\"\r\n\r\nPump-7\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"assetId\"\r\nContent-Type: text/plain\r\n\r\nPump-8\r\n--XyZ--\r\n";
        JsonNode parts = json(call("POST", "/system/purge", multipart)).get("detail");
        assertEquals("[[\"body\",\"assetId\"],[\"body\",\"asset\"]]", JsonTrees.MAPPER.valueToTree(parts.findValues("loc")).toString(),
                parts.toString());
        assertEquals(List.of("Pump-8", "Pump-7"), parts.findValuesAsText("input"));
        // seed is calibrate's parameter, not purge's
        assertEquals("extra_forbidden", json(call("POST", "/system/purge", "{\"seed\":5}")).get("detail").get(0).get("type").asText());
        assertEquals("MONITORING_HEALTHY", json(call("GET", "/system/state")).get("state").asText(), "Motor-01 untouched");
        // the read ignores a body as it ignores a parameter it does not take
        assertEquals(200, call("GET", "/system/state", "{\"asset\":\"Pump-7\"}").status());
    }

    /**
     * A form body's keys are URL-encoded ({@code curl --data-urlencode}, or by hand): {@code asset%5Fid=Pump-7} is
     * asset_id, and was read as no key at all, so the purge fell to Motor-01. The query's keys were decoded already.
     */
    @Test
    void aFormBodysEncodedKeysAreReadDecoded() throws Exception {
        assertEquals(200, call("POST", "/system/calibrate?seed=3").status());
        assertEquals("done", runTask().get("status").asText());
        ApiResponse encoded = call("POST", "/system/purge", "asset%5Fid=Pump-7");
        assertEquals(422, encoded.status(), encoded.body());
        JsonNode d = json(encoded).get("detail").get(0);
        assertEquals("query_parameter_in_body", d.get("type").asText());
        assertEquals("[\"body\",\"asset_id\"]", d.get("loc").toString());
        assertEquals("asset%5Fid=Pump-7", d.get("input").asText(), "the body as sent");
        ApiResponse wholly = call("POST", "/system/stop", "asset%5Fid%3DPump-7");
        assertEquals(422, wholly.status(), wholly.body());
        assertEquals(422, call("POST", "/system/purge", "asset%49d=Pump-7").status(), "assetId, encoded");
        assertEquals(422, call("POST", "/system/purge", "as%73et=Pump-7").status(), "asset, encoded: no parameter's spelling");
        assertEquals("MONITORING_HEALTHY", json(call("GET", "/system/state")).get("state").asText(), "Motor-01 untouched");
        // the query as API Gateway (and the local gateway) hands it over, raw: its keys are decoded before the check
        JsonNode decoded = viaGateway("POST", "/system/purge", "asset%5Fid=Pump-7");
        assertEquals("Pump-7", decoded.get("body").path("asset_id").asText(), decoded.toString());
        JsonNode misspelt = viaGateway("POST", "/system/purge", "asset%49d=Pump-7");
        assertEquals(422, misspelt.get("statusCode").asInt());
        assertEquals("[\"query\",\"assetId\"]", misspelt.get("body").get("detail").get(0).get("loc").toString());
        assertEquals("MONITORING_HEALTHY", json(call("GET", "/system/state")).get("state").asText(), "Motor-01 untouched");
    }

    /** A request as an API Gateway HTTP API (payload 2.0) event with its raw query string; the answer, body parsed. */
    JsonNode viaGateway(String method, String path, String rawQuery) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("rawPath", path);
        event.put("rawQueryString", rawQuery);
        event.put("headers", Map.of("x-api-key", io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY));
        event.put("requestContext", Map.of("http", Map.of("method", method, "path", path), "requestId", "req-2"));
        function.authenticateWith(io.wattline.testing.TestKeys.developmentKeyOnly());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        function.handleRequest(new ByteArrayInputStream(Json.write(Json.PLAIN, event).getBytes(StandardCharsets.UTF_8)), out, null);
        com.fasterxml.jackson.databind.node.ObjectNode answer = (com.fasterxml.jackson.databind.node.ObjectNode) JsonTrees.readTree(out.toByteArray());
        answer.set("body", JsonTrees.readTree(answer.get("body").asText()));
        return answer;
    }

    @Test
    void lifeCycleOverHttp() throws Exception {
        JsonNode s = json(call("GET", "/system/state"));
        assertEquals("IDLE", s.get("state").asText());
        assertEquals("Motor-01", s.get("asset_id").asText());

        ApiResponse started = call("POST", "/system/calibrate?seed=5");
        assertEquals(200, started.status());
        assertEquals("{\"status\":\"started\",\"message\":\"Calibration started. Generating healthy data...\",\"state\":\"CALIBRATING\",\"asset_id\":\"Motor-01\"}",
                started.body());
        assertEquals("done", runTask().get("status").asText());
        clock.advance(Duration.ofSeconds(10));
        s = json(call("GET", "/system/state?asset_id=Motor-01"));
        assertEquals("MONITORING_HEALTHY", s.get("state").asText());
        assertEquals(1000, s.get("training_samples").asInt());
        assertTrue(s.has("healthy_stability") && s.has("fault_capture_rate") && s.has("degradation_index")
                && s.has("rul_hours") && s.has("risk_level") && s.has("last_events"));

        JsonNode injected = json(call("POST", "/system/inject-fault?fault_type=SPIKE&severity=MEDIUM"));
        assertEquals("Fault injection started (MEDIUM SPIKE)", injected.get("message").asText());
        JsonNode byDefault = json(call("POST", "/system/reset"));
        assertEquals("MONITORING_HEALTHY", byDefault.get("state").asText());
        JsonNode severeDefault = json(call("POST", "/system/inject-fault"));
        assertEquals("Fault injection started (SEVERE DEFAULT)", severeDefault.get("message").asText());
        assertEquals("stopped", json(call("POST", "/system/stop")).get("status").asText());
        assertEquals("purged", json(call("POST", "/system/purge")).get("status").asText());
        assertEquals("IDLE", json(call("GET", "/system/state")).get("state").asText());
    }

    @Test
    void everyRouteAnswers409AsItsRouteTableDeclaresWhenItsWriteLosesEveryRace() throws Exception {
        Fakes.States states = new Fakes.States();
        function = new TwinFunction(TwinServices.create(states, new MemoryTelemetryStore(), new MemoryArtifactStore(),
                tasks, clock, TwinLimits.DEFAULT, TwinModelConfig.defaults()));
        call("POST", "/system/calibrate?seed=5");
        assertEquals("done", runTask().get("status").asText());
        clock.advance(Duration.ofSeconds(10));
        assertEquals("MONITORING_HEALTHY", json(call("GET", "/system/state")).get("state").asText());
        int submitted = tasks.submitted.size();

        states.losingEveryRace = true;
        clock.advance(Duration.ofSeconds(10)); // a read has seconds to catch up, and so writes
        List<String> routes = List.of("GET /system/state", "POST /system/inject-fault", "POST /system/reset",
                "POST /system/stop", "POST /system/purge", "POST /system/calibrate?asset_id=Motor-02");
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' ')), path = route.substring(route.indexOf(' ') + 1);
            ApiResponse r = call(method, path);
            assertEquals(409, r.status(), route + ": " + r.body());
            assertEquals("{\"detail\":\"" + TwinDocuments.BUSY + "\"}", r.body(), route);
            // the route table, the source of the OpenAPI document, says so
            Router.Route declared = function.router().find(method, path.replaceFirst("\\?.*", "")).orElseThrow();
            assertTrue(declared.answers().stream().anyMatch(a -> a.status() == 409 && a.body() == null), route);
        }
        assertEquals(6, function.router().routes().stream().filter(x -> x.answers().stream().anyMatch(a -> a.status() == 409)).count());
        // nothing was changed: no calibration started, the asset still monitoring
        states.losingEveryRace = false;
        assertEquals(submitted, tasks.submitted.size());
        assertEquals("MONITORING_HEALTHY", json(call("GET", "/system/state")).get("state").asText());
        assertEquals("IDLE", json(call("GET", "/system/state?asset_id=Motor-02")).get("state").asText());
    }

    @Test
    void refusedTransitionsAre400WithADetail() throws Exception {
        ApiResponse r = call("POST", "/system/reset");
        assertEquals(400, r.status());
        assertEquals("{\"detail\":\"Cannot reset in state 'IDLE'. Must be FAULT_INJECTION or MONITORING_HEALTHY.\"}", r.body());
        assertEquals("req-1", r.headers().get("x-request-id"));
        assertEquals(400, call("POST", "/system/stop").status());
        assertEquals(400, call("POST", "/system/inject-fault").status());
        call("POST", "/system/calibrate");
        JsonNode again = json(call("POST", "/system/calibrate"));
        assertTrue(again.get("detail").asText().startsWith("Cannot calibrate in state 'CALIBRATING'"));
    }

    @Test
    void badParametersAre422LikeFastApi() throws Exception {
        ApiResponse r = call("POST", "/system/inject-fault?fault_type=BURST&severity=HUGE");
        assertEquals(422, r.status());
        JsonNode detail = json(r).get("detail");
        assertEquals(2, detail.size());
        assertEquals("enum", detail.get(0).get("type").asText());
        assertEquals("[\"query\",\"fault_type\"]", detail.get(0).get("loc").toString());
        assertEquals("Input should be 'SPIKE', 'DRIFT', 'JITTER' or 'DEFAULT'", detail.get(0).get("msg").asText());
        assertEquals("BURST", detail.get(0).get("input").asText());
        assertEquals("Input should be 'MILD', 'MEDIUM' or 'SEVERE'", detail.get(1).get("msg").asText());

        ApiResponse bad = call("GET", "/system/state?asset_id=a/b");
        assertEquals(422, bad.status());
        assertEquals("string_pattern_mismatch", json(bad).get("detail").get(0).get("type").asText());
        assertEquals(422, call("POST", "/system/calibrate?seed=abc").status());
        assertEquals(405, call("GET", "/system/calibrate").status());
    }

    /** A seed beyond a long was refused as "unable to parse string as an integer"; "24.0", which the API's other integers take, too. */
    @Test
    void aSeedIsReadAsTheOtherIntegersAreAndOneTooLargeIsRefusedForItsSize() throws Exception {
        JsonNode big = json(call("POST", "/system/calibrate?seed=99999999999999999999")).get("detail").get(0);
        assertEquals("less_than_equal", big.get("type").asText(), big.toString());
        assertEquals("Input should be less than or equal to 9223372036854775807", big.get("msg").asText());
        assertEquals("greater_than_equal", json(call("POST", "/system/calibrate?seed=-99999999999999999999")).get("detail").get(0)
                .get("type").asText());
        assertEquals("int_parsing", json(call("POST", "/system/calibrate?seed=1e3")).get("detail").get(0).get("type").asText());
        assertEquals("int_parsing", json(call("POST", "/system/calibrate?seed=NaN")).get("detail").get(0).get("type").asText());
        assertTrue(tasks.submitted.isEmpty());
        assertEquals(200, call("POST", "/system/calibrate?seed=24.0").status());
        assertEquals(200, call("POST", "/system/calibrate?asset_id=M2&seed=9223372036854775807").status());
        assertEquals(List.of("Motor-01", "M2"), tasks.submitted.stream().map(t -> t.payload().get("asset_id")).toList());
    }

    @Test
    void dotSegmentAssetIdsAreRefused() throws Exception {
        // "twin/../<id>/models.bin" and "twin/./" are normalised by S3 clients and servers: the asset's models would
        // leave its prefix, and purging "." or ".." would list (and delete) every asset's models
        for (String id : List.of(".", "..", "...")) {
            for (String[] route : new String[][]{{"GET", "/system/state"}, {"POST", "/system/calibrate"}, {"POST", "/system/purge"}}) {
                ApiResponse r = call(route[0], route[1] + "?asset_id=" + id);
                assertEquals(422, r.status(), route[1] + " " + id + ": " + r.body());
                assertEquals("string_pattern_mismatch", json(r).get("detail").get(0).get("type").asText());
            }
        }
        assertTrue(tasks.submitted.isEmpty(), "no calibration started");
        assertEquals(200, call("GET", "/system/state?asset_id=Motor.01").status(), "dots inside an id stay allowed");
        assertEquals(200, call("GET", "/system/state?asset_id=.hidden").status());
    }

    @Test
    void theTickJobRunsFromItsScheduledEvent() throws Exception {
        call("POST", "/system/calibrate?seed=9");
        runTask();
        clock.advance(Duration.ofSeconds(90));
        String event = """
                {"version":"0","id":"x","detail-type":"Scheduled Event","source":"aws.events","account":"000000000000",
                 "time":"2025-10-14T08:01:30Z","region":"us-east-1",
                 "resources":["arn:aws:events:us-east-1:000000000000:rule/wattline-twin-tick"],"detail":{}}""";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        function.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        JsonNode result = JsonTrees.readTree(out.toByteArray());
        assertEquals(1, result.get("advanced").asInt());
        assertEquals(90, result.get("simulated_seconds").asLong());
    }

    @Test
    void catalogues() {
        assertEquals("calibration", JobCatalog.find("twin_tick").orElseThrow().function());
        assertEquals("* * * * *", JobCatalog.find("twin_tick").orElseThrow().cron().expression());
        FunctionCatalog.FunctionSpec spec = FunctionCatalog.find("calibration").orElseThrow();
        assertEquals(TwinFunction.class.getName(), spec.handler());
        assertEquals(List.of("calibration"), spec.invokes());
    }
}
