package io.wattline.local;

import io.wattline.http.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.domain.Machine;
import io.wattline.http.Json;
import io.wattline.store.KeyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./wattline local} as a user starts it: the seeded demo plant gets its baselines, the anomalies of the seeded
 * days and both forecasts of every machine in the background, so the questions a user (or a voice assistant) asks
 * first are answered: before, every forecast answered "Model not trained" and no planted incident was listed.
 */
class DemoModelsTest {
    static LocalCloud cloud;
    static final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path dir) {
        cloud = LocalCloud.start(LocalCloud.Options.defaults().withDataDir(dir).withInMemory(true).withPort(0)
                .withScheduler(false).withLive(false).withModels(true)
                .withProgress(new PrintStream(printed, true, StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cloud.url() + path))
                .header("x-api-key", KeyStore.LOCAL_DEVELOPMENT_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JsonTrees.readTree(r.body());
    }

    @Test
    void theDemoAnswersItsFirstQuestionsAndARestartMakesNothingTwice() throws Exception {
        DemoModels.Outcome made = cloud.models().await(Duration.ofMinutes(15));
        assertNotNull(made, "the demo's models were not made within 15 minutes");
        String out = printed.toString(StandardCharsets.UTF_8);
        assertEquals(DemoPlant.MACHINES.size(), made.baselines(), out);
        assertEquals(2 * DemoPlant.MACHINES.size(), made.forecasts(), out);
        assertTrue(made.problems().isEmpty(), out);
        assertTrue(out.contains("demo models ready in "), out);
        System.out.println(out.substring(out.indexOf("demo models:"))); // how long it took, for the README

        for (Machine m : DemoPlant.MACHINES) {
            JsonNode status = get("/api/v1/forecast/models/" + m.id());
            assertTrue(status.path("arima").path("trained").asBoolean() && status.path("prophet").path("trained").asBoolean(),
                    m.name() + ": " + status);
            JsonNode baselines = get("/api/v1/baseline/models?machine_id=" + m.id());
            int versions = baselines.path("total_models").asInt();
            assertTrue(versions == 1 || versions == 2, m.name() + ": " + baselines);
            if (versions == 2) {
                // fitted again without the incidents the first one found: fewer samples, and the active one
                JsonNode first = null, second = null;
                for (JsonNode v : baselines.path("models")) {
                    if (v.path("model_version").asInt() == 1) first = v;
                    else second = v;
                }
                assertTrue(second.path("is_active").asBoolean(), baselines.toString());
                assertTrue(second.path("training_samples").asInt() < first.path("training_samples").asInt(), baselines.toString());
            }
        }
        // "what's the forecast for Compressor-1 tomorrow?" is answered
        String tomorrow = cloud.seeding().end().plus(Duration.ofDays(1)).toString().substring(0, 10);
        JsonNode peak = get("/api/v1/forecast/peak?machine_id=" + DemoPlant.MACHINES.get(0).id() + "&date=" + tomorrow);
        assertTrue(peak.path("predicted_peak").path("value").asDouble() > 0, peak.toString());
        // the planted incidents of the seeded days are listed: each kind on its machine
        Set<String> found = new HashSet<>();
        for (JsonNode a : get("/api/v1/anomaly/recent?hours=" + 24 * 31 + "&limit=1000").path("anomalies")) {
            found.add(a.path("machine_id").asText() + " " + a.path("anomaly_type").asText());
        }
        for (DemoPlant.Incident i : new DemoPlant(42, cloud.seeding().anchor()).incidents()) {
            if (i.start().isBefore(cloud.seeding().end().minus(DemoModels.HISTORY))) continue;
            assertTrue(found.contains(i.machineId() + " " + i.kind()), i + " not found among " + found);
        }
        assertTrue(made.anomalies() >= found.size(), made + " vs " + found);

        // a restarted cloud (data kept) keeps the models it has: nothing is trained or detected again
        DemoModels.Outcome again = DemoModels.start(cloud.url(), cloud.seeding().end().minus(Duration.ofDays(30)),
                cloud.seeding().end(), new PrintStream(new ByteArrayOutputStream())).await(Duration.ofMinutes(2));
        assertEquals(new DemoModels.Outcome(0, 0, 0, java.util.Map.of()), again);
    }
}
