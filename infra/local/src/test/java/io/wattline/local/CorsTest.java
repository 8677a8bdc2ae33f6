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
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("x-api-key", TestCloud.DEV);
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
