package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattline.store.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Per-key quotas over HTTP through the local gateway, and the quota counter of the DynamoDB key store over the wire. */
class KeyQuotaEndToEndTest {
    static final String DETECT = "{\"granularity\":\"minutely\",\"series\":[" + series() + "]}";

    static String series() {
        StringBuilder sb = new StringBuilder();
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < 24; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"timestamp\":\"").append(t.plusSeconds(60L * i)).append("\",\"value\":").append(1 + (i % 3)).append('}');
        }
        return sb.toString();
    }

    /** Starts a test early enough in a minute that its requests all fall in it. */
    static void awaitFreshMinute() throws InterruptedException {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 45) Thread.sleep((61 - second) * 1000);
    }

    @Test
    void aKeyPastItsQuotaGets429WithRetryAfterOnEveryApiInItsOwnShape() throws Exception {
        KeyStore keys = TestCloud.get().stores().keys();
        String key = keys.create("quota e2e", KeyStore.Scope.READ, 4, Instant.now()).secret();
        awaitFreshMinute();
        for (int i = 0; i < 4; i++) {
            assertEquals(200, TestCloud.sendWithKey(key, "GET", "/api/v1/machines", null).status(), "request " + i);
        }
        TestCloud.Response enms = TestCloud.sendWithKey(key, "GET", "/api/v1/machines", null);
        assertEquals(429, enms.status(), enms.text());
        int retry = Integer.parseInt(enms.header("retry-after"));
        assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
        assertTrue(enms.json().get("detail").asText().contains("quota of 4 requests per minute"), enms.text());
        TestCloud.Response azure = TestCloud.sendWithKey(key, "POST", "/anomalydetector/v1.1/timeseries/entire/detect", DETECT);
        assertEquals(429, azure.status(), azure.text());
        assertEquals("429", azure.json().at("/error/code").asText(), azure.text()); // Azure's gateway envelope
        assertEquals("429", azure.header("x-ms-error-code"));
        assertTrue(azure.header("retry-after") != null);
        // the development key has no quota, and other keys are untouched
        assertEquals(200, TestCloud.sendWithKey(KeyStore.LOCAL_DEVELOPMENT_KEY, "GET", "/api/v1/machines", null).status());
        String other = keys.create("quota e2e other", KeyStore.Scope.READ, 4, Instant.now()).secret();
        assertEquals(200, TestCloud.sendWithKey(other, "GET", "/api/v1/machines", null).status());
    }

    @Test
    void theStoresCounterNeverPassesTheQuotaUnderConcurrencyAndStartsAgainEachMinute() throws Exception {
        KeyStore keys = TestCloud.get().stores().keys();
        String keyId = keys.create("quota counter", KeyStore.Scope.READ, Instant.now()).key().keyId();
        long minute = Instant.now().getEpochSecond() / 60;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> granted = new ArrayList<>();
            for (int i = 0; i < 80; i++) granted.add(pool.submit(() -> keys.reserve(keyId, minute, 1, 50)));
            int sum = 0;
            for (Future<Integer> g : granted) sum += g.get();
            assertEquals(50, sum, "exactly the quota is granted to 80 concurrent single requests");
            // leases: a lease that does not fit is refused whole, a smaller one may still fit
            assertEquals(0, keys.reserve(keyId, minute, 5, 52));
            assertEquals(2, keys.reserve(keyId, minute, 2, 52));
            // the next minute starts from zero, also when instances start it at once
            List<Future<Integer>> next = new ArrayList<>();
            for (int i = 0; i < 16; i++) next.add(pool.submit(() -> keys.reserve(keyId, minute + 1, 5, 50)));
            int nextSum = 0;
            for (Future<Integer> g : next) nextSum += g.get();
            assertEquals(50, nextSum, "10 of 16 leases of 5 fit in the next minute");
            // an older minute is never counted again once a newer one started
            assertEquals(0, keys.reserve(keyId, minute, 1, 1000));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeysQuotaIsStoredWithItAndCanBeChanged() {
        KeyStore keys = TestCloud.get().stores().keys();
        KeyStore.Created c = keys.create("quota stored", KeyStore.Scope.WRITE, 600, Instant.now());
        assertEquals(600, keys.find(c.secret()).orElseThrow().requestsPerMinute());
        assertTrue(keys.setQuota(c.key().keyId(), KeyStore.NO_QUOTA));
        assertEquals(KeyStore.NO_QUOTA, keys.find(c.secret()).orElseThrow().requestsPerMinute());
        assertEquals(0, keys.find(c.secret()).orElseThrow().quota(4800), "no quota means none, not the default");
        assertTrue(!keys.setQuota("key_000000000000", 5));
        String plain = keys.create("quota default", KeyStore.Scope.READ, Instant.now()).secret();
        assertEquals(KeyStore.DEFAULT_QUOTA, keys.find(plain).orElseThrow().requestsPerMinute());
        assertEquals(4800, keys.find(plain).orElseThrow().quota(4800));
    }
}
