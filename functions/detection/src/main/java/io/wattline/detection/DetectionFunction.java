package io.wattline.detection;

import io.wattline.analytics.detect.AnomalyDetector;
import io.wattline.detection.DetectionRequestValidator.Operation;
import io.wattline.detection.DetectionRequestValidator.Version;
import io.wattline.analytics.detect.Baseline;
import io.wattline.analytics.detect.ChangePointDetector;
import io.wattline.analytics.detect.Granularity;
import io.wattline.analytics.detect.NativeDetector;
import io.wattline.analytics.detect.Imputer;
import io.wattline.analytics.detect.NativeResult;
import io.wattline.analytics.detect.StreamingDetector;
import io.wattline.config.Lazy;
import io.wattline.config.Settings;
import io.wattline.config.Tables;
import io.wattline.domain.DomainException;
import io.wattline.http.Access;
import io.wattline.http.ApiException;
import io.wattline.http.Authenticator;
import io.wattline.http.ApiRequest;
import io.wattline.http.ApiResponse;
import io.wattline.http.ErrorStyle;
import io.wattline.http.FieldError;
import io.wattline.http.Json;
import io.wattline.http.LambdaFunction;
import io.wattline.http.Router;
import io.wattline.http.ValidationException;
import io.wattline.store.KeyStore;
import io.wattline.store.UsageStore;
import io.wattline.detection.store.BaselineStore;
import io.wattline.detection.store.DynamoBaselineStore;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.store.dynamodb.DynamoDetectionStores;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The detection API (seed 002 and Azure AI Anomaly Detector's univariate API).
 *
 * <ul>
 *   <li>{@code POST /anomalydetector/{v1.0|v1.1}/timeseries/{entire|last|changepoint}/detect}: Azure's
 *       wire contract, errors as {@code {"code","message"}} with {@code x-ms-error-code};</li>
 *   <li>{@code POST /v1/detect}, {@code POST /v1/baseline}, {@code GET /v1/status/{machine_id}},
 *       {@code DELETE /v1/machines/{machine_id}}, {@code GET /v1/usage}: the native API, errors in
 *       the FastAPI shape ({@code {"detail": ...}}, 422 for validation).</li>
 * </ul>
 * Every route needs an API key (checked by the core's {@link io.wattline.http.Authenticator} before a handler
 * runs: detection answers belong to the key, so open reads never apply); a key sees only its own baselines and
 * usage. Storing or deleting a baseline needs the write scope.
 */
public class DetectionFunction extends LambdaFunction {
    /** Embeddings are 192 numbers per point: beyond this many points the response would pass Lambda's 6 MB. */
    static final int MAX_EMBEDDING_POINTS = 2048;
    private static final Pattern MACHINE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    /** The usage counter's writes, beside the detection they count (a virtual thread each: they wait on the network). */
    private static final java.util.concurrent.ExecutorService USAGE_WRITES = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private final Supplier<KeyStore> keys;
    private final Supplier<BaselineStore> baselines;
    private final Supplier<UsageStore> usage;
    private final Clock clock;
    /** Requests per minute of a key without its own quota ({@code KEY_REQUESTS_PER_MINUTE}; 0: none). */
    private final int keyRequestsPerMinute;

    /** The Lambda runtime's constructor: settings from the environment. */
    public DetectionFunction() {
        this(Settings.fromEnv());
    }

    /** Wires this function's adapters (DynamoDB only); the client is built on the first request that needs it. */
    public DetectionFunction(Settings settings) {
        this(Lazy.of(() -> DynamoDb.client(settings)), settings.tables(), settings.keyRequestsPerMinute());
    }

    private DetectionFunction(Lazy<DynamoDbClient> db, Tables tables, int keyRequestsPerMinute) {
        this(Lazy.of(() -> new DynamoDetectionStores.Keys(db.get(), tables)),
                Lazy.of(() -> new DynamoBaselineStore(db.get(), tables.state())),
                Lazy.of(() -> new DynamoDetectionStores.Usage(db.get(), tables.state())), Clock.systemUTC(), keyRequestsPerMinute);
    }

    /** For tests: the stores and the clock (the keys are checked against {@code keys}), the default quota. */
    DetectionFunction(Supplier<KeyStore> keys, Supplier<BaselineStore> baselines, Supplier<UsageStore> usage, Clock clock) {
        this(keys, baselines, usage, clock, Settings.DEFAULT_KEY_REQUESTS_PER_MINUTE);
    }

    DetectionFunction(Supplier<KeyStore> keys, Supplier<BaselineStore> baselines, Supplier<UsageStore> usage, Clock clock,
                      int keyRequestsPerMinute) {
        this.keys = keys;
        this.baselines = baselines;
        this.usage = usage;
        this.clock = clock;
        this.keyRequestsPerMinute = keyRequestsPerMinute;
    }

    /**
     * SnapStart: one entire detection of a synthetic day-cycle series through the body parser, the validator, the
     * detector and the answer's JSON, none of which touches a table, so the snapshot holds those classes too.
     */
    @Override
    protected void primeFunction() {
        Json.write(Json.PLAIN, primingDetection());
    }

    /** The synthetic request's answer (two weeks of an hourly day cycle), as {@link #azure} answers it. */
    static Record primingDetection() {
        StringBuilder body = new StringBuilder("{\"granularity\":\"hourly\",\"series\":[");
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 24 * 14; i++) {
            if (i > 0) body.append(',');
            body.append("{\"timestamp\":\"").append(t0.plusSeconds(3600L * i)).append("\",\"value\":")
                    .append(50 + 10 * Math.sin(2 * Math.PI * i / 24)).append('}');
        }
        DetectionRequestValidator.Outcome o = DetectionRequestValidator.validate(parse(body.append("]}").toString()),
                Operation.ENTIRE, Version.V1_1);
        if (!o.ok()) throw new IllegalStateException("the priming request is invalid: " + o.error().message());
        return azureDetection(Operation.ENTIRE, o.request(), true);
    }

    /**
     * This function's own key store (and DynamoDB client), with the deployment's default quota per key; no detection
     * route is open without a key anyway.
     */
    @Override
    protected Authenticator createAuthenticator() {
        return new Authenticator(keys, clock, false, keyRequestsPerMinute);
    }

    @Override
    protected Router createRouter() {
        Router r = new Router(ErrorStyle.FASTAPI);
        for (Operation op : List.of(Operation.ENTIRE, Operation.LAST, Operation.CHANGEPOINT)) {
            String name = op.name().toLowerCase(java.util.Locale.ROOT);
            Class<?> body = switch (op) {
                case ENTIRE -> Responses.EntireDetection.class;
                case LAST -> Responses.LastDetection.class;
                default -> Responses.ChangePointDetection.class;
            };
            r.add("POST", "/anomalydetector/{version}/timeseries/" + name + "/detect", ErrorStyle.AZURE, Access.KEYED_READ, q -> azure(q, op))
                    .returns(new Router.Returns(body, false, Json.PLAIN));
        }
        return r.add("POST", "/v1/detect", ErrorStyle.FASTAPI, Access.KEYED_READ, this::detect)
                .returns(new Router.Returns(Responses.NativeDetection.class, false, Json.PLAIN))
                .add("POST", "/v1/baseline", ErrorStyle.FASTAPI, Access.WRITE, this::baseline).returns(Responses.BaselineStatus.class)
                .add("GET", "/v1/status/{machine_id}", ErrorStyle.FASTAPI, Access.KEYED_READ, this::status)
                .returns(Responses.BaselineStatus.class)
                .add("DELETE", "/v1/machines/{machine_id}", ErrorStyle.FASTAPI, Access.WRITE, this::forget).returns(Responses.Forgotten.class)
                .add("GET", "/v1/usage", ErrorStyle.FASTAPI, Access.KEYED_READ, this::usageOf).returns(Responses.UsageReport.class);
    }

    // ------------------------------------------------------------------ Azure

    private ApiResponse azure(ApiRequest req, Operation op) {
        Version version = azureVersion(req.pathParams().get("version"))
                .orElseThrow(ErrorStyle.AZURE::notFound);
        KeyStore.ApiKey key = req.requireCaller();
        Object body;
        try {
            body = parse(req.body());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, DetectionRequestValidator.invalidJson().code(), DetectionRequestValidator.invalidJson().message());
        }
        DetectionRequestValidator.Outcome o = DetectionRequestValidator.validate(body, op, version);
        if (!o.ok()) throw new ApiException(400, o.error().code(), o.error().message());
        DetectionRequestValidator.Request q = o.request();
        boolean severity = version == Version.V1_1;
        Record out = counted(key, op.name().toLowerCase(java.util.Locale.ROOT), q.series().size(), () -> azureDetection(op, q, severity));
        // an entire detection's answer: four numbers and three flags per point, about 76 characters (8,640 points: 650 kB)
        if (op == Operation.ENTIRE) return ApiResponse.json(200, Json.PLAIN, out, 84 * q.series().size() + 256);
        return ApiResponse.json(200, Json.PLAIN, out);
    }

    /** A validated Azure request's answer ({@code severity}: v1.1's field). */
    private static Record azureDetection(Operation op, DetectionRequestValidator.Request q, boolean severity) {
        return switch (op) {
            case ENTIRE -> Responses.EntireDetection.of(AnomalyDetector.entire(q.series(), q.options()), severity);
            case LAST -> Responses.LastDetection.of(AnomalyDetector.last(q.series(), q.options()), severity);
            default -> Responses.ChangePointDetection.of(ChangePointDetector.detect(q.series(), q.options(),
                    q.stableTrendWindow(), q.threshold()));
        };
    }

    /** v1.0 and v1.1 (the SDKs' preview spellings of v1.1 too). */
    static Optional<Version> azureVersion(String v) {
        if (v == null) return Optional.empty();
        if (v.startsWith("v1.1-preview")) return Optional.of(Version.V1_1);
        return Version.fromWire(v);
    }

    // ------------------------------------------------------------------ native

    private DetectionRequestValidator.Request nativeRequest(ApiRequest req) {
        Object body;
        try {
            body = parse(req.body());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(FieldError.of("json_invalid", List.of("body"), "JSON decode error", null));
        }
        DetectionRequestValidator.Outcome o = DetectionRequestValidator.validate(body, Operation.NATIVE, Version.V1_1);
        if (!o.ok()) {
            throw new ValidationException(FieldError.of(o.error().code(), List.of("body"), o.error().message(), null));
        }
        return o.request();
    }

    private static String machineId(String id, List<Object> loc) {
        if (id == null) throw new ValidationException(FieldError.of("missing", loc, "Field required", null));
        if (!MACHINE_ID.matcher(id).matches()) {
            throw new ValidationException(FieldError.of("string_pattern_mismatch", loc,
                    "machine_id must be 1 to 128 letters, digits or . _ : @ -", id));
        }
        return id;
    }

    private ApiResponse detect(ApiRequest req) {
        KeyStore.ApiKey key = req.requireCaller();
        DetectionRequestValidator.Request q = nativeRequest(req);
        if (q.includeEmbeddings() && q.series().size() > MAX_EMBEDDING_POINTS) {
            throw new ValidationException(FieldError.of("too_long", List.of("body", "include_embeddings"),
                    "include_embeddings is limited to " + MAX_EMBEDDING_POINTS + " points per request", null));
        }
        Baseline baseline = null;
        if (q.machineId() != null) {
            String id = machineId(q.machineId(), List.of("body", "machine_id"));
            baseline = baselines.get().get(key.keyId(), id).map(BaselineStore.Stored::baseline).orElse(null);
        }
        Baseline learnt = baseline;
        Detected d = counted(key, "detect", q.series().size(), () -> {
            long t0 = System.nanoTime(); // the inference alone, not the usage write beside it
            NativeResult r = NativeDetector.detect(q.series(), q.options(), learnt, q.includeEmbeddings());
            StreamingDetector.Replay stream = q.includeStreamScores() ? streamReplay(q) : null;
            return new Detected(r, stream, (System.nanoTime() - t0) / 1e6);
        });
        return ApiResponse.json(200, Json.PLAIN, Responses.NativeDetection.of(d.result(), q.includeEnergy(), d.stream(), d.ms()));
    }

    private record Detected(NativeResult result, StreamingDetector.Replay stream, double ms) {}

    /**
     * The series through the streaming detector that the NAB benchmark measures (docs/BENCHMARKS.md), point by point
     * in time order: each score sees only the points up to its own, as if they had arrived live. It runs on the grid
     * the detection fills (missing steps as {@code imputeMode} says, so a gap does not shift the daily phase) with
     * the band of the request's sensitivity as a stream takes it ({@link StreamingDetector#streamSensitivity}); each
     * input point answers the highest score, and any alert, since the one before it.
     */
    private static StreamingDetector.Replay streamReplay(DetectionRequestValidator.Request q) {
        Imputer.Filled grid = Imputer.fill(q.series(), q.options());
        StreamingDetector.Config config = StreamingDetector.Config.defaults()
                .with("sensitivity", StreamingDetector.streamSensitivity(q.options().sensitivity()));
        // without a granularity, the series' median timestamp step (the stream's suppression is counted in minutes)
        Optional<Duration> step = q.options().granularity().typicalStep(q.options().customInterval())
                .or(() -> Granularity.medianStep(q.series()));
        if (step.isPresent()) config = config.withStep(step.get());
        StreamingDetector.Replay r = StreamingDetector.replay(grid.values(), config);
        int n = grid.inputAt().length;
        double[] scores = new double[n];
        boolean[] alerts = new boolean[n];
        for (int i = 0, from = 0; i < n; i++) {
            int to = grid.inputAt()[i];
            for (int j = from; j <= to; j++) {
                scores[i] = Math.max(scores[i], r.scores()[j]);
                alerts[i] |= r.alerts()[j];
            }
            from = to + 1;
        }
        return new StreamingDetector.Replay(scores, alerts);
    }

    private ApiResponse baseline(ApiRequest req) {
        KeyStore.ApiKey key = req.requireCaller();
        DetectionRequestValidator.Request q = nativeRequest(req);
        String id = machineId(q.machineId(), List.of("body", "machine_id"));
        Baseline b = Baseline.learn(q.series(), q.options());
        BaselineStore.Stored stored = new BaselineStore.Stored(key.keyId(), id, b, clock.instant());
        baselines.get().put(stored);
        usage.get().record(key.keyId(), "baseline", q.series().size(), clock.instant());
        return ApiResponse.ok(Responses.BaselineStatus.of(stored));
    }

    private ApiResponse status(ApiRequest req) {
        KeyStore.ApiKey key = req.requireCaller();
        String id = machineId(req.pathParams().get("machine_id"), List.of("path", "machine_id"));
        usage.get().record(key.keyId(), "status", 0, clock.instant());
        return ApiResponse.ok(baselines.get().get(key.keyId(), id).map(Responses.BaselineStatus::of).orElseGet(() -> Responses.BaselineStatus.none(id)));
    }

    private ApiResponse forget(ApiRequest req) {
        KeyStore.ApiKey key = req.requireCaller();
        String id = machineId(req.pathParams().get("machine_id"), List.of("path", "machine_id"));
        usage.get().record(key.keyId(), "delete", 0, clock.instant());
        if (!baselines.get().delete(key.keyId(), id)) throw new DomainException.NotFound("No baseline for machine " + id);
        return ApiResponse.ok(new Responses.Forgotten(id, true));
    }

    private ApiResponse usageOf(ApiRequest req) {
        KeyStore.ApiKey key = req.requireCaller();
        usage.get().record(key.keyId(), "usage", 0, clock.instant());
        return ApiResponse.ok(Responses.UsageReport.of(usage.get().get(key.keyId(), 30, clock.instant()), key.name()));
    }

    /**
     * Runs a validated request's detection while its usage is counted: the counter's write is a network round
     * trip about as long as detecting 8,640 points, so the two overlap instead of adding up. The write is
     * awaited before the answer (a frozen Lambda would lose it); its failure fails the request as before.
     * A request whose detection fails is still counted, as a validated request.
     */
    private <T> T counted(KeyStore.ApiKey key, String operation, int points, Supplier<T> detection) {
        java.util.concurrent.Future<?> write = USAGE_WRITES.submit(() -> usage.get().record(key.keyId(), operation, points, clock.instant()));
        T out;
        try {
            out = detection.get();
        } catch (RuntimeException | Error e) {
            try {
                await(write);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        await(write);
        return out;
    }

    /** Waits for a usage write; its failure is rethrown as it was thrown. */
    private static void await(java.util.concurrent.Future<?> write) {
        try {
            write.get();
        } catch (InterruptedException e) {
            write.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting usage", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw new IllegalStateException("counting usage failed", e.getCause());
        }
    }

    // ------------------------------------------------------------------ JSON

    /** A body as plain Java values (maps, lists, numbers, strings); IllegalArgumentException when not JSON. */
    static Object parse(String body) {
        if (body == null || body.isBlank()) throw new IllegalArgumentException("empty body");
        try {
            return BodyValues.read(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }
}
