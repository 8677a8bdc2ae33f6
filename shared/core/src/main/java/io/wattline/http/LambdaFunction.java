package io.wattline.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonGenerator;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobCatalog;
import io.wattline.jobs.TaskSubmitter;
import io.wattline.logging.JsonLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The Lambda entry point every function extends: API Gateway HTTP API (payload 2.0) events go to
 * the function's {@link Router}; EventBridge {@code Scheduled Event}s go to its scheduled jobs.
 * The router and the services behind it are built on first use, not at class load.
 */
public abstract class LambdaFunction implements RequestStreamHandler, org.crac.Resource {
    static {
        JsonLogging.install();
    }

    private static final Logger LOG = LoggerFactory.getLogger(LambdaFunction.class);
    /** True until this JVM's first invocation (a Lambda execution environment's cold start). */
    private static final AtomicBoolean COLD = new AtomicBoolean(true);

    private volatile Router router;
    private volatile Authenticator authenticator;

    /**
     * An API Gateway (payload 2.0) event for no route, as SnapStart's priming sends it through {@link #handleRequest};
     * its query string primes the query parser, which every read route uses.
     */
    static final byte[] PRIMING_EVENT = ("{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/__snapstart_prime\","
            + "\"rawQueryString\":\"from=2026-01-01T00:00:00Z\",\"headers\":{\"accept\":\"application/json\"},"
            + "\"requestContext\":{\"requestId\":\"snapstart-prime\",\"http\":{\"method\":\"GET\","
            + "\"path\":\"/__snapstart_prime\",\"sourceIp\":\"127.0.0.1\"}},\"isBase64Encoded\":false}")
            .getBytes(StandardCharsets.UTF_8);

    /** Registers the SnapStart hooks (no-ops outside a CRaC runtime such as the local cloud's JVM). */
    protected LambdaFunction() {
        org.crac.Core.getGlobalContext().register(this);
    }

    /**
     * SnapStart takes its snapshot after this: build the route table and run one request through the
     * whole invocation path, run every {@link SnapshotPriming} on the classpath (the AWS clients' warm-up) and the
     * function's own {@link #primeFunction}, so the first real request after a restore does not pay for class
     * loading and JIT warm-up. No request reaches the function's tables here. A warm-up that throws an exception is
     * logged and skipped: it costs the first request its time, and must not stop the version from publishing. An
     * {@link Error} (a class that failed to initialise) is not caught: a snapshot holding a broken class would fail
     * every restored instance, a failed publish is seen at once.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends org.crac.Resource> context) {
        // a request for no route: the event read, routing, error rendering and the answer written, and no table read
        primeSafely("the request path", () -> {
            try {
                handleRequest(new java.io.ByteArrayInputStream(PRIMING_EVENT), OutputStream.nullOutputStream(), null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var primings = java.util.ServiceLoader.load(SnapshotPriming.class, LambdaFunction.class.getClassLoader()).iterator();
        for (int failures = 0; failures < MAX_PRIMING_LOAD_FAILURES; ) {
            SnapshotPriming p;
            try { // a provider that cannot be loaded is skipped; the loader goes on to the next one where it can
                if (!primings.hasNext()) break;
                p = primings.next();
            } catch (java.util.ServiceConfigurationError e) {
                LOG.warn("SnapStart priming not loaded: {}", e.toString());
                failures++; // an unreadable services file fails every call: give up rather than loop
                continue;
            }
            primeSafely(p.getClass().getSimpleName(), p::prime);
        }
        primeSafely(getClass().getSimpleName(), this::primeFunction);
        // priming leaves a full young generation and a metaspace at its first GC threshold: collected now, the
        // snapshot is smaller and the first requests after a restore do not pay for both collections (~70 ms here)
        System.gc();
    }

    private static final int MAX_PRIMING_LOAD_FAILURES = 10;

    private static void primeSafely(String what, Runnable warmUp) {
        try {
            warmUp.run();
        } catch (RuntimeException | java.util.ServiceConfigurationError e) {
            LOG.warn("SnapStart priming of {} failed: {}", what, e.toString());
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends org.crac.Resource> context) {
        // nothing to renew: clients are built lazily and resolve credentials on their first call
    }

    /**
     * The function's own warm-up before the snapshot (e.g. one synthetic computation, building its SDK client); no
     * request may reach its tables. Default none.
     */
    protected void primeFunction() {
    }

    /** Builds the function's route table (called once, lazily). */
    protected abstract Router createRouter();

    /** Runs one of this function's scheduled jobs; functions without jobs keep the default. */
    protected Map<String, Object> runJob(Job job, Instant scheduledTime) {
        throw new ApiException(404, "Job not found");
    }

    /**
     * Runs a background task this function was handed by a {@link TaskSubmitter} (an asynchronous
     * invocation whose payload carries {@code wattline_task}); functions without tasks keep the default.
     */
    protected Map<String, Object> runTask(String task, Map<String, Object> payload) {
        throw new IllegalArgumentException("no task " + task + " in this function");
    }

    /**
     * Who checks this function's callers; by default {@link Authenticator#of} the settings in the environment
     * (on AWS). The local cloud hands every function one authenticator with its own settings.
     */
    protected Authenticator createAuthenticator() {
        return Authenticator.of(io.wattline.config.Settings.fromEnv());
    }

    /** Uses this authenticator for every request from now on (the local cloud's wiring, and tests). */
    public final void authenticateWith(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    private Authenticator authenticator() {
        Authenticator a = authenticator;
        if (a == null) {
            synchronized (this) {
                if (authenticator == null) authenticator = createAuthenticator();
                a = authenticator;
            }
        }
        return a;
    }

    public final Router router() {
        Router r = router;
        if (r == null) {
            synchronized (this) {
                if (router == null) router = createRouter();
                r = router;
            }
        }
        return r;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> event = Json.readTree(input) instanceof Map<?, ?> m ? object(m) : null;
        Object result;
        if (event != null && "Scheduled Event".equals(event.get("detail-type"))) {
            result = withLogging(context, text(event, "id", ""), () -> onSchedule(event));
        } else if (event != null && event.get(TaskSubmitter.TASK_FIELD) != null) {
            String task = Json.text(event.get(TaskSubmitter.TASK_FIELD));
            String id = context != null ? context.getAwsRequestId() : java.util.UUID.randomUUID().toString();
            result = withLogging(context, id, () -> {
                long t0 = System.nanoTime();
                Map<String, Object> out = runTask(task, event);
                LOG.info("task {} finished in {}ms: {}", task, (System.nanoTime() - t0) / 1_000_000, out);
                return out;
            });
        } else {
            ApiRequest request = toRequest(event, context);
            writeResponse(output, withLogging(context, request.requestId(), () -> serve(request)));
            return;
        }
        Json.PLAIN.writeValue(output, result);
    }

    /**
     * Serves one request from the network: the route's {@link Access} is checked by the {@link Authenticator}
     * before its handler runs (a request for no route goes on to the router's 404 or 405).
     */
    public final ApiResponse serve(ApiRequest request) {
        if (isPreflight(request)) {
            // API Gateway passes a CORS preflight on to an ANY route's integration and adds its configured CORS
            // headers to a 2xx: without this answer (no key, as a browser sends none) every cross-origin call failed
            LOG.info("{} {} 204 preflight", request.method(), request.path());
            return new ApiResponse(204, Map.of(Router.REQUEST_ID_HEADER, request.requestId()), "");
        }
        Optional<Router.Route> route = router().find(request.method(), request.path());
        if (route.isEmpty()) return handle(request);
        Authenticator.Decision decision = authenticator().admit(request, route.get().access(), route.get().style());
        if (decision instanceof Authenticator.Decision.Admitted admitted) return handle(admitted.request());
        Authenticator.Decision.Refused refused = (Authenticator.Decision.Refused) decision;
        ApiResponse response = Router.identified(route.get().style().render(refused.error()), request, route.get().style());
        for (Map.Entry<String, String> h : refused.headers().entrySet()) response = response.withHeader(h.getKey(), h.getValue());
        LOG.info("{} {} {} refused", request.method(), request.path(), response.status());
        return response;
    }

    private static boolean isPreflight(ApiRequest request) {
        return request.method().equals("OPTIONS") && request.headers().containsKey("access-control-request-method");
    }

    /**
     * Routes one request and logs one line for it, trusting it as it is: the in-process entry (tests, SnapStart
     * priming). Requests from the network come through {@link #serve}.
     */
    public final ApiResponse handle(ApiRequest request) {
        long t0 = System.nanoTime();
        ApiResponse response = router().dispatch(request);
        LOG.info("{} {} {} {}ms", request.method(), request.path(), response.status(),
                (System.nanoTime() - t0) / 1_000_000);
        return response;
    }

    private Map<String, Object> onSchedule(Map<String, Object> event) {
        List<String> resources = new ArrayList<>();
        if (event.get("resources") instanceof List<?> listed) listed.forEach(r -> resources.add(Json.text(r)));
        Job job = JobCatalog.fromRuleArns(resources)
                .orElseThrow(() -> new IllegalArgumentException("no job in the catalogue matches " + resources));
        Instant time = event.get("time") != null ? Instant.parse(Json.text(event.get("time"))) : Instant.now();
        long t0 = System.nanoTime();
        Map<String, Object> result = runJob(job, time);
        LOG.info("job {} finished in {}ms: {}", job.id(), (System.nanoTime() - t0) / 1_000_000, result);
        return result;
    }

    /**
     * Runs one invocation's work with its request id and the Lambda context's fields in every log line, and its
     * deadline known to what records a run ({@link Invocation}).
     */
    private static <T> T withLogging(Context context, String requestId, Supplier<T> work) {
        int remainingMs = context != null ? context.getRemainingTimeInMillis() : 0;
        Instant deadline = remainingMs > 0 ? Instant.now().plusMillis(remainingMs) : null; // 0: a context that does not know
        return Invocation.until(deadline, () -> withFields(context, requestId, work));
    }

    private static <T> T withFields(Context context, String requestId, Supplier<T> work) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("request_id", requestId);
        if (context != null) {
            fields.put("function_request_id", context.getAwsRequestId());
            fields.put("function_name", context.getFunctionName());
            fields.put("function_version", context.getFunctionVersion());
            fields.put("function_arn", context.getInvokedFunctionArn());
            fields.put("function_memory_size", context.getMemoryLimitInMB());
            fields.put("cold_start", COLD.getAndSet(false));
            String trace = traceRoot(System.getProperty("com.amazonaws.xray.traceHeader"));
            if (trace != null) fields.put("xray_trace_id", trace);
        }
        return JsonLogging.withFields(fields, work);
    }

    /** The {@code Root=} of the X-Ray trace header the Java runtime sets for each invocation; null without one. */
    static String traceRoot(String header) {
        if (header == null) return null;
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) return part.substring("Root=".length());
        }
        return null;
    }

    /**
     * An API Gateway HTTP API (payload 2.0) event as a request, read from the JSON tree: binding it to
     * aws-lambda-java-events' bean cost a cold start tens of milliseconds of Jackson introspection.
     */
    static ApiRequest toRequest(Map<String, Object> e, Context context) {
        if (e == null || !(e.containsKey("rawPath") || e.containsKey("requestContext"))) {
            throw new IllegalArgumentException("not an API Gateway HTTP API (payload 2.0) event, a scheduled event or a task");
        }
        Map<String, Object> rc = object(e.get("requestContext")), http = object(rc.get("http"));
        String method = text(http, "method", "GET");
        String path = text(http, "path", text(e, "rawPath", "/"));
        String requestId = text(rc, "requestId", context != null ? context.getAwsRequestId() : java.util.UUID.randomUUID().toString());
        Map<String, String> headers = new HashMap<>();
        object(e.get("headers")).forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), Json.text(v)));
        String body = text(e, "body", null);
        if (body != null && Boolean.TRUE.equals(e.get("isBase64Encoded"))) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        // a byte-order mark some Windows tools write first is no part of the JSON (FastAPI's json.loads skips it too)
        if (body != null && body.startsWith("\uFEFF")) body = body.substring(1);
        Map<String, String> parsedQuery = new LinkedHashMap<>();
        object(e.get("queryStringParameters")).forEach((k, v) -> parsedQuery.put(k, Json.text(v)));
        return new ApiRequest(method.toUpperCase(Locale.ROOT), path,
                parseQuery(text(e, "rawQueryString", null), parsedQuery), Map.copyOf(headers), body,
                requestId, Map.of(), text(http, "sourceIp", ""), null);
    }

    /** A text field of the event, or the fallback when it is missing or null. */
    private static String text(Map<String, Object> node, String field, String fallback) {
        Object v = node.get(field);
        return v == null ? fallback : Json.text(v);
    }

    /** A tree's object as a map of its fields; empty when it is missing or no object. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object tree) {
        return tree instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The raw query string keeps repeated keys apart; the parsed map is the fallback. */
    static Map<String, List<String>> parseQuery(String raw, Map<String, String> parsed) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        } else if (parsed != null) {
            parsed.forEach((k, v) -> out.put(k, List.of(v)));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException bad) {
            return s; // a stray '%' stays as typed; validation reports it
        }
    }

    /** The HTTP API (payload 2.0) response the gateway expects; the body, often most of it, as {@link Json#writeText}. */
    static void writeResponse(OutputStream output, ApiResponse r) throws IOException {
        try (JsonGenerator g = Json.PLAIN.createGenerator(output)) {
            g.writeStartObject();
            g.writeNumberField("statusCode", r.status());
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> h : r.headers().entrySet()) g.writeStringField(h.getKey(), h.getValue());
            g.writeEndObject();
            g.writeFieldName("body");
            if (r.body() == null) g.writeNull(); else Json.writeText(g, r.body());
            g.writeBooleanField("isBase64Encoded", false);
            g.writeEndObject();
        }
    }
}
