package io.wattline.store;

import io.wattline.domain.DomainException;
import io.wattline.testing.MemoryArtifactStore;
import io.wattline.testing.MemoryStateStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRegistryTest {
    record Meta(double rSquared, List<String> features) {}

    final MemoryArtifactStore artifacts = new MemoryArtifactStore();
    final ModelRegistry registry = new ModelRegistry(new MemoryStateStore(), artifacts,
            Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void versionsNumberUpAndTheActivePointerMovesOnlyWhenAsked() {
        ModelRegistry.ModelVersion v1 = registry.register("baseline", "m1", bytes("one"), new Meta(0.9, List.of("a")), true);
        ModelRegistry.ModelVersion v2 = registry.register("baseline", "m1", bytes("two"), new Meta(0.8, List.of("b")), false);
        assertEquals(1, v1.version());
        assertEquals(2, v2.version());
        assertEquals(1, registry.active("baseline", "m1").orElseThrow().version());
        assertEquals(0.9, registry.active("baseline", "m1").orElseThrow().metadata(Meta.class).rSquared());
        assertEquals(List.of(2, 1), registry.versions("baseline", "m1").stream().map(ModelRegistry.ModelVersion::version).toList());
        registry.activate("baseline", "m1", 2);
        assertArrayEquals(bytes("two"), registry.artefact(registry.active("baseline", "m1").orElseThrow()));
        assertEquals(List.of("b"), registry.active("baseline", "m1").orElseThrow().metadata(Meta.class).features());
        assertThrows(DomainException.NotFound.class, () -> registry.activate("baseline", "m1", 9));
        assertTrue(registry.active("baseline", "m2").isEmpty());
        assertTrue(registry.active("forecast_arima", "m1").isEmpty(), "types are separate");
    }

    @Test
    void theFirstVersionIsActiveEvenIfNotAskedAndOldVersionsArePrunedButNeverTheActiveOne() {
        registry.register("baseline", "m1", bytes("first"), new Meta(1, List.of()), false);
        for (int i = 2; i <= ModelRegistry.KEPT_VERSIONS + 5; i++) {
            registry.register("baseline", "m1", bytes("v" + i), new Meta(1, List.of()), false);
        }
        List<ModelRegistry.ModelVersion> kept = registry.versions("baseline", "m1");
        assertEquals(ModelRegistry.KEPT_VERSIONS, kept.size());
        assertEquals(1, registry.activeVersion("baseline", "m1"));
        assertArrayEquals(bytes("first"), registry.artefact(registry.active("baseline", "m1").orElseThrow()));
        assertTrue(kept.stream().noneMatch(v -> v.version() >= 2 && v.version() <= 6), "the oldest inactive ones went");
        assertTrue(artifacts.get(ModelRegistry.prefix("baseline", "m1") + "nothing", null).isEmpty());
    }

    @Test
    void concurrentTrainingsGetDistinctVersions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            futures.add(pool.submit(() -> registry.register("forecast_arima", "m1", bytes("x" + n), new Meta(n, List.of()), true).version()));
        }
        List<Integer> versions = new ArrayList<>();
        for (Future<Integer> f : futures) versions.add(f.get());
        pool.shutdown();
        Collections.sort(versions);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), versions);
        assertEquals(1, registry.activeOfType("forecast_arima").size());
    }

    /** A training that could not be registered (other writes kept winning) leaves no artefact behind in the bucket. */
    @Test
    void anArtefactThatIsNotRegisteredIsDeleted() {
        MemoryStateStore contended = new MemoryStateStore() {
            @Override
            public synchronized long put(String kind, String id, String json, long expectedVersion) {
                throw new StateStore.StaleVersionException(kind, id, expectedVersion);
            }
        };
        ModelRegistry losing = new ModelRegistry(contended, artifacts, Clock.fixed(Instant.parse("2026-11-02T10:00:00Z"), ZoneOffset.UTC));
        assertThrows(DomainException.Conflict.class, () -> losing.register("baseline", "m9", bytes("lost"), new Meta(1, List.of()), true));
        assertEquals(0, artifacts.deleteAll(ModelRegistry.prefix("baseline", "m9")), "no artefact left under the model's prefix");

        // a write that landed but whose answer was lost (a timeout): the version is registered, its artefact stays
        MemoryStateStore lostAnswer = new MemoryStateStore() {
            @Override
            public synchronized long put(String kind, String id, String json, long expectedVersion) {
                super.put(kind, id, json, expectedVersion);
                throw new IllegalStateException("read timed out");
            }
        };
        ModelRegistry timedOut = new ModelRegistry(lostAnswer, artifacts, Clock.fixed(Instant.parse("2026-11-02T10:00:00Z"), ZoneOffset.UTC));
        assertThrows(IllegalStateException.class, () -> timedOut.register("baseline", "m8", bytes("kept"), new Meta(1, List.of()), true));
        assertArrayEquals(bytes("kept"), timedOut.artefact(timedOut.active("baseline", "m8").orElseThrow()));
    }

    @Test
    void deleteRemovesArtefactsAndMetadata() {
        registry.register("baseline", "m1", bytes("one"), new Meta(1, List.of()), true);
        assertTrue(registry.delete("baseline", "m1"));
        assertTrue(registry.active("baseline", "m1").isEmpty());
        assertEquals(0, artifacts.deleteAll(ModelRegistry.prefix("baseline", "m1")));
    }
}
