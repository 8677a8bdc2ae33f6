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

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code baseline_retrain} fired twice within one hour over the local cloud (DynamoDB Local, S3Proxy): the second run
 * trains nothing, since every baseline was already trained on its window, and says so (it reported each machine as
 * trained).
 */
class RetrainJobEndToEndTest {
    static LocalCloud cloud;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path dir) {
        // three days: enough hourly samples (at least 50) for a baseline of each machine
        cloud = LocalCloud.start(LocalCloud.Options.defaults().withDataDir(dir).withInMemory(true).withPort(0)
                .withSeedDays(3).withScheduler(false).withLive(false).withProgress(new PrintStream(OutputStream.nullOutputStream())));
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
    void aSecondRunWithinTheHourReportsItsBaselinesUnchangedNotTrained() throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        JsonNode first = JsonTrees.readTree(cloud.fire("baseline_retrain"));
        JsonNode second = JsonTrees.readTree(cloud.fire("baseline_retrain"));
        JsonNode status = get("/api/v1/scheduler/status");
        assumeTrue(hour.equals(Instant.now().truncatedTo(ChronoUnit.HOURS)), "the runs straddled an hour: each had its own window");

        int trained = first.get("trained").asInt();
        assertTrue(trained >= 1, first.toString());
        assertEquals(0, first.get("unchanged").asInt(), first.toString());
        assertEquals(0, second.get("trained").asInt(), "the second run trained nothing: " + second);
        assertEquals(trained, second.get("unchanged").asInt(), second.toString());
        assertEquals(first.get("done").asInt(), second.get("done").asInt(), second.toString());
        assertEquals(first.get("skipped").size(), second.get("skipped").size(), second.toString());
        JsonNode job = null;
        for (JsonNode j : status.get("jobs")) if (j.get("id").asText().equals("baseline_retrain")) job = j;
        assertNotNull(job, "the scheduler lists baseline_retrain: " + status);
        assertEquals("0 baselines trained, " + trained + " unchanged (already trained on this run's window), "
                + second.get("skipped").size() + " machines skipped", job.at("/last_run/message").asText(), job.toString());
        // one version per machine: nothing was trained twice
        for (Machine m : DemoPlant.MACHINES) {
            JsonNode models = get("/api/v1/baseline/models?machine_id=" + m.id());
            assertTrue(models.get("total_models").asInt() <= 1, m.name() + ": " + models);
        }
    }
}
