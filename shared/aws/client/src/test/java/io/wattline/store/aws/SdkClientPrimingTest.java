package io.wattline.store.aws;

import io.wattline.http.SnapshotPriming;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdkClientPrimingTest {
    @Test
    void theSnapStartHookFindsTheSdkWarmUpAndItEndsWithoutAService() {
        // the core's SnapStart hook finds it through this service file; a function jar merges it (shade's transformer)
        var found = ServiceLoader.load(SnapshotPriming.class).stream().map(p -> p.type().getName()).toList();
        assertEquals(java.util.List.of(SdkClientPriming.class.getName()), found);
        // no service client on this module's classpath; its one STS GET fails here (no internet) or is answered:
        // either way the warm-up ends, within the SDK's own timeouts (2 s to connect, 30 s to read)
        long t0 = System.nanoTime();
        new SdkClientPriming().prime();
        assertTrue((System.nanoTime() - t0) / 1e9 < 90, "warm-up took " + (System.nanoTime() - t0) / 1e9 + " s");
    }
}
