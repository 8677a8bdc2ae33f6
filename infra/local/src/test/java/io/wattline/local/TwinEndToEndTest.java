package io.wattline.local;

import io.wattline.http.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.twin.TwinRecord;
import io.wattline.domain.TwinSample;
import io.wattline.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The twin's whole life cycle over HTTP against the local cloud started in this JVM: DynamoDB Local,
 * S3Proxy, the gateway and its Lambda Invoke API (which runs the background calibration), the
 * scheduler's tick, and a restart on the same data folder.
 */
class TwinEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body) {}

    static Answer call(LocalCloud cloud, String method, String pathAndQuery) throws Exception {
        return call(cloud, method, pathAndQuery, null, null);
    }

    /** A call with a body ({@code contentType} its type), as a client that sends the parameters there would. */
    static Answer call(LocalCloud cloud, String method, String pathAndQuery, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.url() + pathAndQuery))
                .header("x-api-key", io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("content-type", contentType);
        HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JsonTrees.readTree(response.body()));
    }

    static LocalCloud start(Path dir) {
        return LocalCloud.start(LocalCloud.Options.defaults().withDataDir(dir).withPort(0).withSeedDays(0)
                .withScheduler(false).withProgress(new PrintStream(OutputStream.nullOutputStream())));
    }

    static JsonNode awaitState(LocalCloud cloud, String asset, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode s;
        do {
            s = call(cloud, "GET", "/system/state?asset_id=" + asset).body();
            if (s.get("state").asText().equals(state)) return s;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        fail("asset " + asset + " never reached " + state + ": " + s);
        return s;
    }

    static TwinRecord record(LocalCloud cloud, String asset) {
        return TwinRecord.fromJson(cloud.stores().state().get(TwinRecord.KIND, asset).orElseThrow().json());
    }

    @Test
    void lifeCycleRefusalsConcurrencyRestartAndPurge(@TempDir Path dir) throws Exception {
        JsonNode motorBefore;
        try (LocalCloud cloud = start(dir)) {
            JsonNode idle = call(cloud, "GET", "/system/state").body();
            assertEquals("IDLE", idle.get("state").asText());
            assertEquals("Motor-01", idle.get("asset_id").asText());

            // refused transitions from IDLE
            Answer reset = call(cloud, "POST", "/system/reset");
            assertEquals(400, reset.status());
            assertEquals("Cannot reset in state 'IDLE'. Must be FAULT_INJECTION or MONITORING_HEALTHY.",
                    reset.body().get("detail").asText());
            assertEquals("System is already IDLE.", call(cloud, "POST", "/system/stop").body().get("detail").asText());
            assertEquals(400, call(cloud, "POST", "/system/inject-fault").status());
            assertEquals(422, call(cloud, "POST", "/system/inject-fault?fault_type=NOPE").status());

            // one calibration per asset under simultaneous calls; another asset alongside
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<Answer>> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                calls.add(pool.submit(() -> call(cloud, "POST", "/system/calibrate?seed=42")));
            }
            Future<Answer> pump = pool.submit(() -> call(cloud, "POST", "/system/calibrate?asset_id=Pump-02&seed=7"));
            List<Integer> statuses = new ArrayList<>();
            for (Future<Answer> f : calls) statuses.add(f.get().status());
            pool.shutdown();
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(4, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
            assertEquals("started", pump.get().body().get("status").asText());

            JsonNode ready = awaitState(cloud, "Motor-01", "MONITORING_HEALTHY");
            assertEquals("Calibration complete. Trained on 1000 samples.", ready.get("message").asText());
            assertEquals(1000, ready.get("training_samples").asInt());
            awaitState(cloud, "Pump-02", "MONITORING_HEALTHY");
            assertTrue(call(cloud, "POST", "/system/calibrate").body().get("detail").asText()
                    .startsWith("Cannot calibrate in state 'MONITORING_HEALTHY'"));

            TwinRecord rec = record(cloud, "Motor-01");
            assertEquals(1, cloud.stores().artifacts().versions(rec.model().key()).size());
            List<TwinSample> calibration = cloud.stores().telemetry().twinSamples("Motor-01", Instant.EPOCH,
                    Instant.now().plusSeconds(60));
            assertEquals(100, calibration.stream().filter(s -> s.source().equals(TwinSample.CALIBRATION)).count());

            // every fault type, each caught by the batch model, then back to healthy
            String[][] faults = {{"SPIKE", "SEVERE"}, {"DRIFT", "MEDIUM"}, {"JITTER", "MILD"}, {"DEFAULT", "SEVERE"}};
            for (String[] f : faults) {
                Answer injected = call(cloud, "POST", "/system/inject-fault?fault_type=" + f[0] + "&severity=" + f[1]);
                assertEquals("Fault injection started (" + f[1] + " " + f[0] + ")", injected.body().get("message").asText());
                assertEquals(400, call(cloud, "POST", "/system/inject-fault").status(), "no second fault");
                Thread.sleep(2300);
                JsonNode s = call(cloud, "GET", "/system/state").body();
                assertEquals("FAULT_INJECTION", s.get("state").asText());
                assertEquals(f[0], s.get("fault_type").asText());
                assertEquals(100.0, s.get("fault_capture_rate").asDouble(), f[0]);
                assertTrue(s.get("last_batch_anomalous").asBoolean());
                assertEquals("reset", call(cloud, "POST", "/system/reset").body().get("status").asText());
            }
            List<TwinSample> faulty = cloud.stores().telemetry().twinSamples("Motor-01", Instant.EPOCH,
                    Instant.now().plusSeconds(60)).stream().filter(s -> s.source().equals(TwinSample.FAULT_INJECTION)).toList();
            assertTrue(faulty.size() >= 8, "fault seconds stored: " + faulty.size());
            assertTrue(faulty.stream().allMatch(s -> s.faultType() != null && s.score() != null));

            // the tick advances without anyone reading
            Thread.sleep(1500);
            long before = record(cloud, "Pump-02").monitor().nextSecond();
            String tick = cloud.fire("twin_tick");
            assertNotNull(tick);
            assertTrue(record(cloud, "Pump-02").monitor().nextSecond() > before, tick);
            var lastRun = cloud.stores().jobs().lastRun("twin_tick").orElseThrow();
            org.junit.jupiter.api.Assertions.assertEquals("success", lastRun.status(), "scheduler/status shows the tick's run");

            motorBefore = call(cloud, "GET", "/system/state").body();
            assertTrue(motorBefore.get("degradation_index").asDouble() > 0);
        }

        // a restart on the same data resumes each asset where it was, reloading the models from S3
        try (LocalCloud cloud = start(dir)) {
            Thread.sleep(1200);
            JsonNode s = call(cloud, "GET", "/system/state").body();
            assertEquals("MONITORING_HEALTHY", s.get("state").asText());
            assertEquals(1000, s.get("training_samples").asInt());
            assertTrue(s.get("degradation_index").asDouble() >= motorBefore.get("degradation_index").asDouble());
            assertTrue(Instant.parse(s.get("simulated_until").asText()).isAfter(
                    Instant.parse(motorBefore.get("simulated_until").asText())));
            assertEquals("MONITORING_HEALTHY", call(cloud, "GET", "/system/state?asset_id=Pump-02").body().get("state").asText());

            // stop, and what stop refuses
            assertEquals("stopped", call(cloud, "POST", "/system/stop").body().get("status").asText());
            JsonNode stopped = call(cloud, "GET", "/system/state").body();
            assertEquals("IDLE", stopped.get("state").asText());
            assertEquals(0, stopped.get("training_samples").asInt());
            assertEquals(400, call(cloud, "POST", "/system/stop").status());
            assertEquals(400, call(cloud, "POST", "/system/reset").status());

            // purge leaves nothing of Motor-01 behind, and Pump-02 untouched
            String key = record(cloud, "Motor-01").model().key();
            assertEquals("purged", call(cloud, "POST", "/system/purge").body().get("status").asText());
            JsonNode purged = call(cloud, "GET", "/system/state").body();
            assertEquals("IDLE", purged.get("state").asText());
            assertEquals(0.0, purged.get("degradation_index").asDouble());
            // the samples go by a background task of the function (a long history outlasted a request)
            long until = System.nanoTime() + 30_000_000_000L;
            while (!cloud.stores().telemetry().twinSamples("Motor-01", Instant.EPOCH, Instant.now().plusSeconds(60)).isEmpty()
                    && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertTrue(cloud.stores().telemetry().twinSamples("Motor-01", Instant.EPOCH, Instant.now().plusSeconds(60)).isEmpty());
            assertTrue(cloud.stores().artifacts().versions(key).isEmpty());
            assertFalse(cloud.stores().telemetry().twinSamples("Pump-02", Instant.EPOCH, Instant.now().plusSeconds(60)).isEmpty());

            // and it can be calibrated again
            assertEquals("started", call(cloud, "POST", "/system/calibrate").body().get("status").asText());
            awaitState(cloud, "Motor-01", "MONITORING_HEALTHY");
        }
    }

    /**
     * A client that sends the parameters in a JSON or form body in its own spelling ({@code assetId}, {@code faultType})
     * is refused, as one that sends them in the query is: read as no parameter, such a purge wiped the default motor's
     * models, samples and degradation, and such an injection hit it with the default SEVERE fault.
     */
    @Test
    void anActionWhoseBodyNamesAParameterInAnotherSpellingIsRefusedAndTheDefaultMotorUntouched(@TempDir Path dir) throws Exception {
        try (LocalCloud cloud = start(dir)) {
            assertEquals(200, call(cloud, "POST", "/system/calibrate?seed=3").status());
            awaitState(cloud, "Motor-01", "MONITORING_HEALTHY");

            Answer purge = call(cloud, "POST", "/system/purge", "application/json", "{\"assetId\":\"Pump-7\"}");
            assertEquals(422, purge.status(), purge.body().toString());
            JsonNode error = purge.body().get("detail").get(0);
            assertEquals("[\"body\",\"assetId\"]", error.get("loc").toString());
            assertEquals("'assetId' is this route's query parameter 'asset_id': send it in the URL (?asset_id=...), not in the body",
                    error.get("msg").asText());
            assertEquals("Pump-7", error.get("input").asText());

            Answer fault = call(cloud, "POST", "/system/inject-fault", "application/json",
                    "{\"faultType\":\"JITTER\",\"Severity\":\"MILD\"}");
            assertEquals(422, fault.status(), fault.body().toString());
            assertEquals("[[\"body\",\"faultType\"],[\"body\",\"Severity\"]]",
                    JsonTrees.MAPPER.valueToTree(fault.body().get("detail").findValues("loc")).toString());
            // a form (curl -d) and a JSON object cut short, in another spelling
            assertEquals(422, call(cloud, "POST", "/system/stop", "application/x-www-form-urlencoded", "Asset-ID=Pump-7").status());
            assertEquals(422, call(cloud, "POST", "/system/purge", "application/json", "{\"assetID\": \"Pump-7\"").status());
            // before anything below retrains it: the refused calls left the default motor as it was
            JsonNode untouched = call(cloud, "GET", "/system/state?asset_id=Motor-01").body();
            assertEquals("MONITORING_HEALTHY", untouched.get("state").asText(), untouched.toString());
            assertNull(untouched.get("fault_type").textValue(), "no fault injected: " + untouched);
            assertNotNull(record(cloud, "Motor-01").model(), "its models were not purged");
            // in the right spelling in the query, a body naming it too is no question
            assertEquals(200, call(cloud, "POST", "/system/stop?asset_id=Motor-01", "application/json", "{\"assetId\":\"Motor-01\"}")
                    .status());
            // a body key naming nothing the route takes is refused too (an {"asset":"X"} purged Motor-01), as is a form's
            // key URL-encoded (asset%5Fid is asset_id); a body without keys is ignored
            Answer stray = call(cloud, "POST", "/system/purge", "application/json", "{\"asset\":\"Pump-7\"}");
            assertEquals(422, stray.status(), stray.body().toString());
            assertEquals("extra_forbidden", stray.body().get("detail").get(0).get("type").asText());
            assertEquals("[\"body\",\"asset\"]", stray.body().get("detail").get(0).get("loc").toString());
            assertEquals(422, call(cloud, "POST", "/system/purge", "application/x-www-form-urlencoded", "asset%5Fid=Pump-7").status());
            assertNotNull(record(cloud, "Motor-01").model(), "its models were not purged");
            assertEquals(422, call(cloud, "POST", "/system/calibrate", "application/json", "{\"note\":\"asset replaced\"}").status());
            assertEquals(200, call(cloud, "POST", "/system/calibrate", "application/json", "{}").status());

            JsonNode motor = awaitState(cloud, "Motor-01", "MONITORING_HEALTHY");
            assertNull(motor.get("fault_type").textValue(), "no fault injected");
            assertNotNull(record(cloud, "Motor-01").model(), "its models were not purged");
        }
    }

    /**
     * The tick's run, as the scheduler's status shows it, counts what it advanced out of the assets that monitor: a stopped
     * and a purged motor read as assets it failed to advance ("1 of 3 assets advanced", with none left for the next tick).
     */
    @Test
    void theTicksRunSaysWhatItAdvancedOutOfTheMonitoringAssets(@TempDir Path dir) throws Exception {
        try (LocalCloud cloud = start(dir)) {
            for (String a : List.of("Motor-01", "Pump-02", "Fan-03")) {
                assertEquals(200, call(cloud, "POST", "/system/calibrate?seed=4&asset_id=" + a).status());
            }
            for (String a : List.of("Motor-01", "Pump-02", "Fan-03")) awaitState(cloud, a, "MONITORING_HEALTHY");
            assertEquals(200, call(cloud, "POST", "/system/stop?asset_id=Pump-02").status());
            assertEquals(200, call(cloud, "POST", "/system/purge?asset_id=Fan-03").status());
            Thread.sleep(2100);
            cloud.fire("twin_tick");
            var run = cloud.stores().jobs().lastRun("twin_tick").orElseThrow();
            assertEquals("success", run.status());
            assertTrue(run.message().matches("1 of 1 monitoring assets advanced by \\d+ simulated seconds;"
                    + " 2 not monitoring \\(idle or calibrating\\)"), run.message());
        }
    }

    /**
     * A reset of a motor monitored healthy, with no fault injected, changes nothing: it said "the fault is cleared" of a
     * fault never injected and moved started_at, when monitoring began, to the reset; a reset after a fault still does both.
     */
    @Test
    void aResetWithNoFaultInjectedLeavesTheHealthyMonitoringAsItWas(@TempDir Path dir) throws Exception {
        try (LocalCloud cloud = start(dir)) {
            assertEquals(200, call(cloud, "POST", "/system/calibrate?seed=6").status());
            JsonNode monitoring = awaitState(cloud, "Motor-01", "MONITORING_HEALTHY");
            Thread.sleep(1100);
            Answer reset = call(cloud, "POST", "/system/reset");
            assertEquals(200, reset.status(), reset.body().toString());
            assertEquals("MONITORING_HEALTHY", reset.body().get("state").asText());
            JsonNode after = call(cloud, "GET", "/system/state").body();
            assertEquals(monitoring.get("started_at").asText(), after.get("started_at").asText());
            assertEquals("Calibration complete. Trained on 1000 samples.", after.get("message").asText());

            assertEquals(200, call(cloud, "POST", "/system/inject-fault?fault_type=DRIFT&severity=MILD").status());
            Thread.sleep(1100);
            assertEquals(200, call(cloud, "POST", "/system/reset").status());
            JsonNode cleared = call(cloud, "GET", "/system/state").body();
            assertEquals("MONITORING_HEALTHY", cleared.get("state").asText());
            assertTrue(cleared.get("message").asText().startsWith("System reset: the fault is cleared"), cleared.toString());
            assertTrue(Instant.parse(cleared.get("started_at").asText().replace("+00:00", "Z"))
                    .isAfter(Instant.parse(monitoring.get("started_at").asText().replace("+00:00", "Z"))));
            assertTrue(cleared.get("fault_type").isNull());
        }
    }
}
