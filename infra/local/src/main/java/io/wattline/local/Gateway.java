package io.wattline.local;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.http.ApiRoutes;
import io.wattline.http.Json;
import io.wattline.http.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
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
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API Gateway: turns each HTTP request into the API Gateway HTTP API (payload 2.0) event
 * the Lambda would receive, runs the function whose route matches, and writes its response back.
 * It also serves the Lambda Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}), so
 * functions that invoke others use the real SDK client against it.
 *
 * <p>It runs on Jetty (already on the local cloud's classpath for DynamoDB Local) rather than the JDK's
 * {@code HttpServer}, whose answers to requests it cannot parse ({@code ?x=%zz}, a huge Content-Length) are
 * hard-coded pages naming Java exceptions; here every such request gets API Gateway's own
 * {@code {"message":"Bad Request"}} with status 400.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final String INVOKE_PREFIX = "/2015-03-31/functions/";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final LocalFunctions functions;
    private final ApiDocs docs;
    private final Server server;
    private final ServerConnector connector;
    private final String host;
    private final ExecutorService asyncInvocations = Executors.newVirtualThreadPerTaskExecutor();
    private final int maxBodyBytes;
    private final java.util.Set<String> corsOrigins;
    /** Requests running a function at once; beyond it a request waits {@link #QUEUE_WAIT_MS} at most, then gets 429. */
    private final java.util.concurrent.Semaphore inFlight;
    private final int maxInFlight;
    private final long queueWaitMs;
    static final int MAX_IN_FLIGHT = 64;
    static final long QUEUE_WAIT_MS = 2_000;
    /**
     * Requests that may wait for a turn at once; beyond them a request is refused at arrival. Waiting holds a server
     * thread, so without this bound an overload fills every thread with waiters and the rest queue unbounded inside
     * the server, before any refusal can be sent (measured: p99 25 s and no 429 at five times the sustainable rate).
     */
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    /** Waiting requests per running one (a burst of three times the running requests rides out a pause, such as a GC). */
    static final int WAITING_PER_RUNNING = 3;

    /** One exchange as the handlers below see it: the parsed request and where its answer goes. */
    private record Exchange(Request request, Response response, Callback callback) {
        String method() { return request.getMethod().toUpperCase(Locale.ROOT); }
        String rawPath() { return request.getHttpURI().getPath(); }
        String rawQuery() { return request.getHttpURI().getQuery(); }
        String header(String name) { return request.getHeaders().get(name); }
        InputStream body() { return Content.Source.asInputStream(request); }
    }

    private final StaticSite ui;

    public Gateway(LocalFunctions functions, String host, int port, int maxBodyBytes) throws IOException {
        this(functions, host, port, maxBodyBytes, List.of());
    }

    /** {@code corsOrigins}: the browser origins allowed, as API Gateway's CORS configuration ({@link io.wattline.http.Cors}). */
    public Gateway(LocalFunctions functions, String host, int port, int maxBodyBytes, List<String> corsOrigins) throws IOException {
        this(functions, host, port, maxBodyBytes, corsOrigins, MAX_IN_FLIGHT, QUEUE_WAIT_MS, StaticSite.locate());
    }

    /**
     * {@code maxInFlight}: how many API requests run functions at once. The rest wait up to {@code queueWaitMs}
     * (their number bounded by the server's threads) and are then answered 429 with {@code Retry-After}, as API Gateway throttles,
     * so an overload gets fast refusals instead of unbounded latency.
     */
    public Gateway(LocalFunctions functions, String host, int port, int maxBodyBytes, List<String> corsOrigins,
                   int maxInFlight, long queueWaitMs, StaticSite ui) throws IOException {
        this.ui = ui;
        this.inFlight = new java.util.concurrent.Semaphore(maxInFlight);
        this.maxInFlight = maxInFlight;
        this.queueWaitMs = queueWaitMs;
        this.corsOrigins = java.util.Set.copyOf(corsOrigins);
        this.functions = functions;
        this.docs = new ApiDocs(functions);
        this.maxBodyBytes = maxBodyBytes;
        this.host = host;
        // enough threads for every running and waiting request, and a few for refusals, static files and invocations
        QueuedThreadPool threads = new QueuedThreadPool((1 + WAITING_PER_RUNNING) * maxInFlight + 64);
        threads.setName("gateway");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Gateway.this.handle(new Exchange(request, response, callback));
                return true;
            }
        });
        server.setErrorHandler(Gateway::unparseable);
        try {
            server.start();
        } catch (Exception e) {
            throw new IOException("the gateway could not listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Requests Jetty could not parse (bad escapes, a Content-Length that is no number, …): API Gateway's 400. */
    private static boolean unparseable(Request request, Response response, Callback callback) {
        Object status = request.getAttribute(ErrorHandler.ERROR_STATUS);
        int code = status instanceof Integer i && i >= 400 && i < 500 ? i : 400;
        response.setStatus(code);
        response.getHeaders().put("content-type", "application/json");
        String message = code == 413 ? "Request Entity Too Large" : code == 431 ? "Request Header Fields Too Large" : "Bad Request";
        response.write(true, ByteBuffer.wrap(("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    StaticSite ui() {
        return ui;
    }

    public URI url() {
        return URI.create("http://" + host + ":" + connector.getLocalPort());
    }

    private void handle(Exchange exchange) {
        try {
            String path = exchange.rawPath();
            if (path.startsWith(INVOKE_PREFIX) && path.endsWith("/invocations")) {
                invokeApi(exchange, path);
            } else if (ApiDocs.serves(path) && exchange.method().equals("GET")) {
                ApiDocs.Answer a = docs.answer(path);
                Response response = exchange.response();
                response.setStatus(a.status());
                response.getHeaders().put("content-type", a.contentType());
                StaticSite.FRAMING.forEach((k, v) -> response.getHeaders().put(k, v)); // as the dashboards: not framed elsewhere
                if (a.status() == 301) response.getHeaders().put("location", ApiDocs.PREFIX + "/");
                response.write(true, ByteBuffer.wrap(a.body()), exchange.callback());
            } else if (StaticSite.serves(path)) { // on AWS CloudFront sends /ui/* to the bundle in S3 the same way
                StaticSite.Answer a = ui.answer(exchange.method(), path, exchange.header("accept-encoding"));
                Response response = exchange.response();
                response.setStatus(a.status());
                a.headers().forEach((k, v) -> response.getHeaders().put(k, v));
                response.write(true, ByteBuffer.wrap(a.body()), exchange.callback());
            } else {
                httpApi(exchange);
            }
        } catch (RuntimeException | IOException e) {
            LOG.error("gateway failure on {} {}", exchange.method(), exchange.rawPath(), e);
            send(exchange, 502, Map.of("content-type", "application/json"), "{\"message\":\"Internal server error\"}");
        }
    }

    private void httpApi(Exchange exchange) throws IOException {
        String method = exchange.method();
        String path = exchange.rawPath();
        String rawQuery = exchange.rawQuery() == null ? "" : exchange.rawQuery();
        String origin = exchange.header("origin");
        if (!corsOrigins.isEmpty() && method.equals("OPTIONS") && exchange.header("access-control-request-method") != null) {
            // API Gateway answers preflights itself when CORS is configured; an origin not on the list gets no CORS headers
            Map<String, String> h = new LinkedHashMap<>();
            if (origin != null && corsOrigins.contains(origin)) {
                h.put("access-control-allow-origin", origin);
                h.put("access-control-allow-methods", String.join(",", io.wattline.http.Cors.ALLOW_METHODS));
                h.put("access-control-allow-headers", String.join(",", io.wattline.http.Cors.ALLOW_HEADERS));
                h.put("access-control-max-age", Integer.toString(io.wattline.http.Cors.MAX_AGE_SECONDS));
                h.put("vary", "origin");
            }
            send(exchange, 204, h, "");
            return;
        }
        // API Gateway refuses payloads over its limit before the function sees them
        byte[] body = readUpTo(exchange.body(), Math.max(maxBodyBytes, 6 * 1024 * 1024) + 1);
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
        boolean admitted = inFlight.tryAcquire();
        if (!admitted && waiting.incrementAndGet() <= WAITING_PER_RUNNING * maxInFlight) {
            try {
                admitted = inFlight.tryAcquire(queueWaitMs, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
            }
        } else if (!admitted) {
            waiting.decrementAndGet(); // the waiting room is full: refused at once
        }
        if (!admitted) {
            send(exchange, 429, Map.of("content-type", "application/json", "retry-after", "1"), "{\"message\":\"Too Many Requests\"}");
            LOG.warn("{} {} 429: {} requests already running", method, path, maxInFlight);
            return;
        }
        try {
            runFunction(exchange, method, path, rawQuery, origin, route.get(), body, t0);
        } finally {
            inFlight.release();
        }
    }

    private void runFunction(Exchange exchange, String method, String path, String rawQuery, String origin,
                             ApiRoutes.Match route, byte[] body, long t0) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField f : exchange.request().getHeaders()) {
            headers.merge(f.getName().toLowerCase(Locale.ROOT), f.getValue(), (a, b) -> a + "," + b);
        }
        Map<String, Object> event = event(method, path, rawQuery, headers,
                exchange.request().getConnectionMetaData().getProtocol(), Request.getRemoteAddr(exchange.request()),
                route.routeKey(), body);
        byte[] result = functions.invoke(route.function(), eventJson(event));
        JsonNode response = LocalJson.PLAIN.readTree(result);
        int status = response.path("statusCode").asInt(502);
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        response.path("headers").properties().forEach(h -> responseHeaders.put(h.getKey(), h.getValue().asText()));
        if (origin != null && corsOrigins.contains(origin)) {
            responseHeaders.put("access-control-allow-origin", origin);
            responseHeaders.put("access-control-expose-headers", String.join(",", io.wattline.http.Cors.EXPOSE_HEADERS));
            responseHeaders.put("vary", "origin");
        }
        String responseBody = response.path("body").isNull() ? "" : response.path("body").asText();
        send(exchange, status, responseHeaders, responseBody);
        LOG.info("{} {}{} {} {}ms -> {}", method, path, rawQuery.isEmpty() ? "" : "?" + rawQuery, status, (System.nanoTime() - t0) / 1_000_000, route.function());
    }

    /** The event's JSON as the function receives it, its text fields (the body above all) written as {@link Json#writeText}. */
    public static byte[] eventJson(Map<String, Object> event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                4096 + (event.get("body") instanceof String b ? b.length() + b.length() / 8 : 0));
        try (JsonGenerator g = LocalJson.PLAIN.createGenerator(out)) { // databind's: writeObject for the maps
            g.writeStartObject();
            for (Map.Entry<String, Object> field : event.entrySet()) {
                g.writeFieldName(field.getKey());
                if (field.getValue() instanceof String text) Json.writeText(g, text);
                else g.writeObject(field.getValue());
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** The payload 2.0 event, field for field as API Gateway builds it. */
    public static Map<String, Object> event(String method, String path, String rawQuery, Map<String, String> headers,
                                     String protocol, String sourceIp, String routeKey, byte[] body) {
        Instant now = Instant.now();
        String requestId = UUID.randomUUID().toString();
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.merge(k, v, (a, b) -> a + "," + b);
        }
        // the path stays percent-encoded, as API Gateway passes it; the router decodes parameters
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", protocol);
        http.put("sourceIp", sourceIp);
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

    /**
     * Whether an Invoke request may run: on AWS only IAM-signed callers reach a function's Invoke API, and it runs
     * scheduled jobs and background tasks with no API key, so here it is refused to a browser (an {@code Origin}, or no
     * SigV4 {@code Authorization}, which a page cannot add without a CORS preflight this gateway never grants) and to
     * a name other than this machine's (a DNS-rebound page). The functions' own invoker signs and names 127.0.0.1.
     */
    boolean invokeAllowed(String hostHeader, String origin, String authorization) {
        if (origin != null || authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) return false;
        if (hostHeader == null) return false;
        int port = connector.getLocalPort();
        String h = hostHeader.toLowerCase(java.util.Locale.ROOT);
        return java.util.stream.Stream.of(host, "127.0.0.1", "localhost", "[::1]")
                .anyMatch(name -> h.equals(name + ":" + port));
    }

    /** The Lambda Invoke API: {@code Event} runs in the background (202), otherwise the result is returned. */
    private void invokeApi(Exchange exchange, String path) throws IOException {
        if (!invokeAllowed(exchange.header("host"), exchange.header("origin"), exchange.header("authorization"))) {
            send(exchange, 403, Map.of("content-type", "application/json", "x-amzn-errortype", "MissingAuthenticationTokenException"),
                    "{\"message\":\"Missing Authentication Token: the Invoke API takes requests signed with the local cloud's"
                            + " credentials, from this machine, not from a web page\"}");
            return;
        }
        String name = decode(path.substring(INVOKE_PREFIX.length(), path.length() - "/invocations".length()));
        Optional<String> function = functions.resolve(name);
        if (function.isEmpty()) {
            send(exchange, 404, Map.of("content-type", "application/json", "x-amzn-errortype", "ResourceNotFoundException"),
                    "{\"Type\":\"User\",\"message\":\"Function not found: " + name + "\"}");
            return;
        }
        byte[] payload = readUpTo(exchange.body(), 6 * 1024 * 1024 + 1);
        if (payload.length > 6 * 1024 * 1024) { // Lambda's synchronous payload limit
            send(exchange, 413, Map.of("content-type", "application/json", "x-amzn-errortype", "RequestTooLargeException"),
                    "{\"Type\":\"User\",\"message\":\"Request must be smaller than 6291456 bytes for the InvokeFunction operation\"}");
            return;
        }
        try {
            if (LocalJson.PLAIN.readTree(payload) == null) throw new IOException("empty");
        } catch (IOException notJson) {
            // what Lambda's Invoke API answers for a payload that is not JSON, before any function runs
            send(exchange, 400, Map.of("content-type", "application/json", "x-amzn-errortype", "InvalidRequestContentException"),
                    "{\"Type\":\"User\",\"message\":\"Could not parse request body into json\"}");
            return;
        }
        String type = Optional.ofNullable(exchange.header("X-Amz-Invocation-Type")).orElse("RequestResponse");
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
            byte[] result;
            try {
                result = functions.invoke(function.get(), payload);
            } catch (RuntimeException e) {
                // as Lambda does: 200 with X-Amz-Function-Error; the details stay in the log
                LOG.error("invocation of {} failed", function.get(), e);
                send(exchange, 200, Map.of("content-type", "application/json", "x-amz-function-error", "Unhandled"),
                        "{\"errorMessage\":\"The function failed on this payload; see its log\",\"errorType\":\"Unhandled\"}");
                return;
            }
            send(exchange, 200, Map.of("content-type", "application/json", "x-amz-executed-version", "$LATEST"),
                    new String(result, StandardCharsets.UTF_8));
        }
    }

    private static void send(Exchange exchange, int status, Map<String, String> headers, String body) {
        Response response = exchange.response();
        response.setStatus(status);
        headers.forEach((k, v) -> response.getHeaders().put(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put("content-length", Integer.toString(bytes.length));
        response.write(true, ByteBuffer.wrap(bytes), exchange.callback());
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
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("gateway did not stop cleanly: {}", e.toString());
        }
        asyncInvocations.shutdown();
    }

    static List<String> routeKeys(LocalFunctions functions) {
        return functions.all().values().stream().flatMap(f -> f.router().routes().stream()).map(Router.Route::routeKey).toList();
    }
}
