package io.wattline.kpi;

import io.wattline.http.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.http.Json;
import io.wattline.testing.MemoryCatalogStore;
import io.wattline.kpi.store.MemoryKpiSnapshotStore;
import io.wattline.testing.MemoryTelemetryStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every sample event of {@code events/kpi/} through the Lambda entry point
 * ({@code handleRequest}), over the in-memory demo plant whose data covers the samples' dates.
 */
class EventReplayTest {
    static final Path EVENTS = Path.of("../../events/kpi");
    static KpiFunction fn;
    static MemoryKpiSnapshotStore snapshots = new MemoryKpiSnapshotStore();

    @BeforeAll
    static void plant() {
        MemoryCatalogStore catalog = new MemoryCatalogStore();
        MemoryTelemetryStore telemetry = new MemoryTelemetryStore();
        DemoPlant.catalog(catalog);
        DemoPlant.telemetry(telemetry, catalog, Instant.parse("2025-10-29T00:00:00Z"), Instant.parse("2025-11-06T00:00:00Z"), 9);
        fn = new KpiFunction(new KpiService(catalog, telemetry, snapshots, io.wattline.store.AnomalyLog.NONE,
                () -> Instant.parse("2025-11-06T12:00:00Z")), null);
        fn.authenticateWith(io.wattline.testing.TestKeys.developmentKeyOnly()); // the samples carry the development key
    }

    static JsonNode invoke(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(file)) {
            fn.handleRequest(in, out, null);
        }
        return JsonTrees.readTree(out.toByteArray());
    }

    @TestFactory
    Stream<DynamicTest> everySampleAnswers() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(EVENTS)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 13, "samples for every route and the job");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            JsonNode event = JsonTrees.readTree(f.toFile());
            JsonNode out = invoke(f);
            if ("Scheduled Event".equals(event.path("detail-type").asText())) {
                assertEquals("kpi_calculate", out.get("job_id").asText(), out.toString());
                assertEquals("success", out.get("status").asText(), out.toString());
                assertEquals(8, out.get("machines").asInt());
                assertTrue(snapshots.size() >= 24);
            } else {
                assertEquals(200, out.get("statusCode").asInt(), f + " -> " + out);
                JsonNode body = JsonTrees.readTree(out.get("body").asText());
                assertTrue(body.isObject() || body.isArray());
                assertEquals(event.at("/requestContext/requestId").asText(), out.at("/headers/x-request-id").asText());
            }
        }));
    }
}
