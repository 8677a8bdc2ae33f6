package io.wattline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wattline.http.ApiRoutes;
import io.wattline.http.Json;
import io.wattline.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API Gateway: turns each HTTP request into the API Gateway HTTP API (payload 2.0) event
 * the Lambda would receive, runs the function whose route matches, and writes its response back.
 * It also serves the Lambda Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}), so
 * functions that invoke others use the real SDK client against it.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final String INVOKE_PREFIX = "/2015-03-31/functions/";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final LocalFunctions functions;
    private final HttpServer server;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService asyncInvocations = Executors.newVirtualThreadPerTaskExecutor();
    private final int maxBodyBytes;
    private final StaticSite ui;

    public Gateway(LocalFunctions functions, String host, int port, int maxBodyBytes) throws IOException {
        this(functions, host, port, maxBodyBytes, StaticSite.locate());
    }

    Gateway(LocalFunctions functions, String host, int port, int maxBodyBytes, StaticSite ui) throws IOException {
        this.functions = functions;
        this.maxBodyBytes = maxBodyBytes;
        this.ui = ui;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        server.setExecutor(requests);
        server.createContext("/", this::handle);
        server.start();
    }

    StaticSite ui() {
        return ui;
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith(INVOKE_PREFIX) && path.endsWith("/invocations")) {
                invokeApi(exchange, path);
            } else if (StaticSite.serves(path)) { // on AWS CloudFront sends /ui/* to the bundle in S3 the same way
                ui.serve(exchange, path);
            } else {
                httpApi(exchange);
            }
        } catch (RuntimeException e) {
            LOG.error("gateway failure on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            send(exchange, 502, Map.of("content-type", "application/json"), "{\"message\":\"Internal server error\"}");
        }
    }

    private void httpApi(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath();
        // API Gateway refuses payloads over its limit before the function sees them
        byte[] body = readUpTo(exchange.getRequestBody(), Math.max(maxBodyBytes, 6 * 1024 * 1024) + 1);
        if (body.length > Math.max(maxBodyBytes, 6 * 1024 * 1024)) {
            send(exchange, 413, Map.of("content-type", "application/json"), "{\"message\":\"Request Entity Too Large\"}");
            return;
        }
        Optional<ApiRoutes.Match> route = functions.route(method, path);
        if (route.isEmpty()) { // only when the function behind $default is not loaded
            send(exchange, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}");
            return;
        }
        long t0 = System.nanoTime();
        Map<String, Object> event = event(exchange, method, uri, route.get().routeKey(), body);
        byte[] result = functions.invoke(route.get().function(), Json.write(Json.PLAIN, event).getBytes(StandardCharsets.UTF_8));
        JsonNode response = Json.PLAIN.readTree(result);
        int status = response.path("statusCode").asInt(502);
        Map<String, String> headers = new LinkedHashMap<>();
        response.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        String responseBody = response.path("body").isNull() ? "" : response.path("body").asText();
        send(exchange, status, headers, responseBody);
        LOG.info("{} {} {} {}ms -> {}", method, uri, status, (System.nanoTime() - t0) / 1_000_000, route.get().function());
    }

    /** The payload 2.0 event, field for field as API Gateway builds it. */
    static Map<String, Object> event(HttpExchange exchange, String method, URI uri, String routeKey, byte[] body) {
        Instant now = Instant.now();
        String requestId = UUID.randomUUID().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        Map<String, String> query = new LinkedHashMap<>();
        String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.merge(k, v, (a, b) -> a + "," + b);
        }
        String path = uri.getRawPath(); // percent-encoded, as API Gateway passes it; the router decodes parameters
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("domainName", headers.getOrDefault("host", "127.0.0.1"));
        context.put("domainPrefix", "local");
        context.put("http", http);
        context.put("requestId", requestId);
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        event.put("rawQueryString", rawQuery);
        event.put("headers", headers);
        if (!query.isEmpty()) event.put("queryStringParameters", query);
        event.put("requestContext", context);
        if (body.length > 0) event.put("body", new String(body, StandardCharsets.UTF_8));
        event.put("isBase64Encoded", false);
        return event;
    }

    /** The Lambda Invoke API: {@code Event} runs in the background (202), otherwise the result is returned. */
    private void invokeApi(HttpExchange exchange, String path) throws IOException {
        String name = decode(path.substring(INVOKE_PREFIX.length(), path.length() - "/invocations".length()));
        Optional<String> function = functions.resolve(name);
        if (function.isEmpty()) {
            send(exchange, 404, Map.of("content-type", "application/json", "x-amzn-errortype", "ResourceNotFoundException"),
                    "{\"Type\":\"User\",\"message\":\"Function not found: " + name + "\"}");
            return;
        }
        byte[] payload = exchange.getRequestBody().readAllBytes();
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type")).orElse("RequestResponse");
        if (type.equals("Event")) {
            asyncInvocations.submit(() -> {
                try {
                    functions.invoke(function.get(), payload);
                } catch (RuntimeException e) {
                    LOG.error("asynchronous invocation of {} failed", function.get(), e);
                }
            });
            send(exchange, 202, Map.of(), "");
            LOG.info("invoke {} (Event) accepted", function.get());
        } else {
            byte[] result = functions.invoke(function.get(), payload);
            send(exchange, 200, Map.of("content-type", "application/json", "x-amz-executed-version", "$LATEST"),
                    new String(result, StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        asyncInvocations.shutdown();
        requests.shutdown();
    }

    static List<String> routeKeys(LocalFunctions functions) {
        return functions.all().values().stream().flatMap(f -> f.router().routes().stream()).map(Router.Route::routeKey).toList();
    }
}
