package io.wattline.local;

import io.wattline.http.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One local cloud for the whole test JVM (in-memory DynamoDB Local, S3Proxy in a temp folder, the
 * gateway on a free port, two days of demo data, scheduler off), and an HTTP client for it.
 */
final class TestCloud {
    static final int SEED_DAYS = 2;
    private static LocalCloud cloud;
    private static Path dataDir;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestCloud() {}

    static synchronized LocalCloud get() {
        if (cloud == null) {
            try {
                Path dir = Files.createTempDirectory("wattline-test-cloud");
                dataDir = dir;
                cloud = LocalCloud.start(LocalCloud.Options.defaults().withDataDir(dir).withInMemory(true).withPort(0)
                        .withSeedDays(SEED_DAYS).withScheduler(false).withLive(false).withProgress(new PrintStream(OutputStream.nullOutputStream())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(cloud::close));
        }
        return cloud;
    }

    /** Where the test cloud keeps its data (and its {@code endpoints.env}). */
    static Path dataDir() {
        get();
        return dataDir;
    }

    /** A response: status, headers and the body parsed as JSON (or null when empty or not JSON). */
    record Response(int status, Map<String, java.util.List<String>> headers, String text, JsonNode json) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(), java.util.List.of()).stream().findFirst().orElse(null);
        }
    }

    /** The development key every request of these helpers carries, as a user of the local cloud sends it. */
    static final String DEV = io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY;

    static Response get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    static Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    static Response send(String method, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static URI uri(String pathAndQuery) {
        return URI.create(get().url() + pathAndQuery);
    }

    /** A request with the given key ({@code null}: none), e.g. to check a refusal. */
    static Response sendWithKey(String key, String method, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json"), key);
    }

    private static Response send(HttpRequest.Builder request) {
        return send(request, DEV);
    }

    private static Response send(HttpRequest.Builder request, String key) {
        if (key != null) request.header("x-api-key", key);
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JsonTrees.readTree(r.body());
            } catch (IOException notJson) {
                // left null: the test asserts on text
            }
            return new Response(r.statusCode(), r.headers().map(), r.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
