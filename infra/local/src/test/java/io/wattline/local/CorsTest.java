package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local gateway's CORS policy: none by default; exactly the named origins when the operator names them. */
class CorsTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> send(URI base, String method, String path, String origin) throws Exception {
        return send(base, method, path, origin, TestCloud.DEV);
    }

    static HttpResponse<String> send(URI base, String method, String path, String origin, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) b.header("x-api-key", key);
        if (origin != null) b.header("Origin", origin);
        if (method.equals("OPTIONS")) b.header("Access-Control-Request-Method", "GET");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noOriginIsAllowedByDefault() throws Exception {
        HttpResponse<String> r = send(TestCloud.get().url(), "GET", "/api/v1/machines", "https://evil.example");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("access-control-allow-origin").isEmpty());
    }

    /**
     * On AWS the API's ANY routes take a preflight to the function (API Gateway answers one itself only for a route of
     * that method) and API Gateway adds its CORS headers to the function's 2xx: the function answers it, without the
     * key a browser never sends on a preflight. Here the gateway has no origins, so it passes the preflight on too.
     */
    @Test
    void theFunctionsAnswerAPreflightWithoutAKey() throws Exception {
        for (String path : List.of("/api/v1/machines", "/api/v1/readings", "/anomalydetector/v1.1/timeseries/entire/detect",
                "/system/state", "/api/v1/forecast/predict", "/api/v1/kpi/all")) {
            HttpResponse<String> pre = send(TestCloud.get().url(), "OPTIONS", path, "https://ui.example.com", null);
            assertEquals(204, pre.statusCode(), path + ": " + pre.body());
            assertEquals("", pre.body(), path);
            // the origins are API Gateway's to allow, not the function's
            assertTrue(pre.headers().firstValue("access-control-allow-origin").isEmpty(), path);
        }
        // an OPTIONS that is not a preflight is still a method no route has
        HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(TestCloud.get().url().resolve("/api/v1/machines"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("x-api-key", TestCloud.DEV).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, plain.statusCode(), plain.body());
    }

    @Test
    void aNamedOriginGetsPreflightAndResponseHeadersAndNoOtherDoes() throws Exception {
        try (Gateway gateway = new Gateway(TestCloud.get().functions(), "127.0.0.1", 0, 4 * 1024 * 1024,
                List.of("https://ui.example.com"))) {
            HttpResponse<String> pre = send(gateway.url(), "OPTIONS", "/api/v1/machines", "https://ui.example.com");
            assertEquals(204, pre.statusCode());
            assertEquals("https://ui.example.com", pre.headers().firstValue("access-control-allow-origin").orElse(null));
            assertTrue(pre.headers().firstValue("access-control-allow-headers").orElse("").contains("x-api-key"));
            // what Azure's JavaScript SDK adds to every request from a browser
            assertTrue(pre.headers().firstValue("access-control-allow-headers").orElse("").contains("x-ms-client-request-id"));
            HttpResponse<String> get = send(gateway.url(), "GET", "/api/v1/machines", "https://ui.example.com");
            assertEquals(200, get.statusCode());
            assertEquals("https://ui.example.com", get.headers().firstValue("access-control-allow-origin").orElse(null));
            assertTrue(get.headers().firstValue("access-control-expose-headers").orElse("").contains("x-request-id"));
            HttpResponse<String> other = send(gateway.url(), "OPTIONS", "/api/v1/machines", "https://evil.example");
            assertEquals(204, other.statusCode());
            assertNull(other.headers().firstValue("access-control-allow-origin").orElse(null));
            assertTrue(send(gateway.url(), "GET", "/api/v1/machines", "https://evil.example").headers()
                    .firstValue("access-control-allow-origin").isEmpty());
        }
    }
}
