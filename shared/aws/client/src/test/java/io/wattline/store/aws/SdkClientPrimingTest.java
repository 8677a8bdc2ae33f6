package io.wattline.store.aws;

import io.wattline.http.SnapshotPriming;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdkClientPrimingTest {
    @Test
    void everyFunctionWithAnAwsAdapterFindsTheSdkWarmUpAndItRunsOffline() {
        // the core's SnapStart hook finds it through this service file; a function jar merges it (shade's transformer)
        var found = ServiceLoader.load(SnapshotPriming.class).stream().map(p -> p.type().getName()).toList();
        assertEquals(java.util.List.of(SdkClientPriming.class.getName()), found);
        // no service client on this module's classpath and no network: the warm-up still ends, and quickly
        long t0 = System.nanoTime();
        new SdkClientPriming().prime();
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "warm-up took " + (System.nanoTime() - t0) / 1e9 + " s");
    }
}
