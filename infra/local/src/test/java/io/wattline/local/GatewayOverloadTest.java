package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Beyond its bound the local gateway refuses quickly with 429 and Retry-After instead of queueing without end. */
class GatewayOverloadTest {
    @Test
    void requestsBeyondTheBoundAreRefusedWith429AndRetryAfter() throws Exception {
        try (Gateway gateway = new Gateway(TestCloud.get().functions(), "127.0.0.1", 0, 4 * 1024 * 1024, List.of(), 1, 0, StaticSite.locate());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient http = HttpClient.newHttpClient();
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            Map<String, String> retryAfter = new ConcurrentHashMap<>();
            CountDownLatch go = new CountDownLatch(1);
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 32; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(gateway.url().resolve(
                                    "/api/v1/kpi/all?machine_id=c0000000-0000-0000-0000-000000000001&start=2025-10-01T00:00:00Z&end=2025-10-08T00:00:00Z"))
                            .header("x-api-key", TestCloud.DEV).build(), HttpResponse.BodyHandlers.ofString());
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                    r.headers().firstValue("retry-after").ifPresent(v -> retryAfter.put("429", v));
                    return null;
                }));
            }
            go.countDown();
            for (var f : futures) f.get();
            assertEquals(32, statuses.values().stream().mapToInt(Integer::intValue).sum());
            assertTrue(statuses.getOrDefault(429, 0) > 0, "some refused: " + statuses);
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 429 || s < 500), statuses.toString());
            assertEquals("1", retryAfter.get("429"));
        }
    }
}
