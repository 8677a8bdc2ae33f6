package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /ui/ static server over real HTTP: content types, index fallback, no escape from the bundle, the not-built page. */
class StaticSiteTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesTheBundleWithContentTypesAndFallsBackToIndex(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "<!doctype html><title>ui</title>");
        Files.createDirectories(dir.resolve("assets"));
        Files.writeString(dir.resolve("assets/app-1.js"), "console.log(1)");
        Files.writeString(dir.resolve("assets/app-1.css"), "body{}");
        Files.writeString(dir.getParent().resolve("secret.txt"), "outside");
        try (Server s = new Server(new StaticSite(dir))) {
            var index = s.get("/ui/");
            assertEquals(200, index.statusCode());
            assertEquals("text/html; charset=utf-8", index.headers().firstValue("content-type").orElseThrow());
            assertEquals("no-cache", index.headers().firstValue("cache-control").orElseThrow());
            // no other site may frame the pages (a framed twin page's buttons could be clicked through)
            assertEquals("SAMEORIGIN", index.headers().firstValue("x-frame-options").orElseThrow());
            // and scripts, styles and connections from their own origin only (the API key sits in localStorage)
            assertEquals(io.wattline.functions.PagePolicy.CONTENT_SECURITY_POLICY, index.headers().firstValue("content-security-policy").orElseThrow());
            var js = s.get("/ui/assets/app-1.js");
            assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("content-type").orElseThrow());
            assertEquals("console.log(1)", js.body());
            assertTrue(js.headers().firstValue("cache-control").orElseThrow().contains("immutable"));
            assertEquals("text/css; charset=utf-8", s.get("/ui/assets/app-1.css").headers().firstValue("content-type").orElseThrow());
            assertEquals(index.body(), s.get("/ui/machine/c0000000-0000-0000-0000-000000000001").body(), "deep links get index.html");
            assertEquals(index.body(), s.get("/ui/%2e%2e/secret.txt").body(), "no file outside the bundle");
            assertEquals(index.body(), s.get("/ui/..%2fsecret.txt").body());
            assertEquals(301, s.get("/ui").statusCode());
            assertEquals(405, s.send("POST", "/ui/").statusCode());
        }
    }

    @Test
    void saysHowToBuildTheBundleWhenItIsMissing(@TempDir Path dir) throws Exception {
        try (Server s = new Server(new StaticSite(dir.resolve("dist")))) {
            var r = s.get("/ui/");
            assertEquals(404, r.statusCode());
            assertTrue(r.body().contains("npm ci &amp;&amp; npm run build"), r.body());
        }
    }

    private record Server(HttpServer http) implements AutoCloseable {
        Server(StaticSite site) throws Exception {
            this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            http.createContext("/", ex -> {
                try (ex) {
                    StaticSite.Answer a = site.answer(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                            ex.getRequestHeaders().getFirst("accept-encoding"));
                    a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                    ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
                    if (a.body().length > 0) ex.getResponseBody().write(a.body());
                }
            });
            http.start();
        }

        HttpResponse<String> get(String path) throws Exception {
            return send("GET", path);
        }

        HttpResponse<String> send(String method, String path) throws Exception {
            URI uri = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path);
            return HTTP.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
