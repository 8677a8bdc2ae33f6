package io.wattline.twin;

import io.wattline.analytics.twin.Fault;
import io.wattline.analytics.twin.FaultType;
import io.wattline.analytics.twin.Severity;
import io.wattline.config.Lazy;
import io.wattline.config.Settings;
import io.wattline.http.ApiRequest;
import io.wattline.http.ApiResponse;
import io.wattline.http.ErrorStyle;
import io.wattline.http.Json;
import io.wattline.http.LambdaFunction;
import io.wattline.http.Params;
import io.wattline.http.Router;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobRuns;
import io.wattline.store.JobStore;
import io.wattline.store.TelemetryStores;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.store.dynamodb.DynamoJobStore;
import io.wattline.store.dynamodb.DynamoStateStore;
import io.wattline.store.dynamodb.DynamoTelemetryStore;
import io.wattline.store.lambda.LambdaTaskSubmitter;
import io.wattline.store.s3.S3ArtifactStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The asset-health twin ({@code /system/*}, the function {@code calibration}): calibration (answered
 * at once, run as a background task of this same function, {@link CalibrationService}), and
 * monitoring: the state with its validation metrics and degradation, fault injection, reset, stop
 * and the {@code twin_tick} job that advances every monitoring asset ({@link MonitoringService}).
 */
public class TwinFunction extends LambdaFunction {
    /** The job of the cron catalogue that advances every monitoring asset. */
    public static final String TICK_JOB = "twin_tick";
    public static final String DEFAULT_ASSET = "Motor-01";
    /** Not dots alone: "." and ".." are path segments S3 clients normalise away, so the asset would leave its key prefix. */
    private static final Pattern ASSET_ID = Pattern.compile("(?!\\.+$)[A-Za-z0-9._:-]{1,64}");

    private final Supplier<TwinServices> services;
    private final Supplier<JobStore> jobRuns;

    /** The Lambda runtime's constructor: settings from the environment. */
    public TwinFunction() {
        this(Settings.fromEnv());
    }

    /** Wires this function's adapters; each client is built on the first request that needs it. */
    public TwinFunction(Settings settings) {
        Lazy<DynamoDbClient> db = Lazy.of(() -> DynamoDb.client(settings));
        this.services = Lazy.of(() -> TwinServices.create(
                new DynamoStateStore(db.get(), settings.tables().state()),
                TelemetryStores.select(settings, () -> new DynamoTelemetryStore(db.get(), settings)),
                S3ArtifactStore.create(settings),
                LambdaTaskSubmitter.create(settings)));
        this.jobRuns = Lazy.of(() -> new DynamoJobStore(db.get(), settings.tables().state()));
    }

    /** For tests: services wired to other ports; job runs are not recorded. */
    public TwinFunction(TwinServices services) {
        this.services = () -> services;
        this.jobRuns = null;
    }

    private CalibrationService calibration() {
        return services.get().calibration();
    }

    private MonitoringService monitoring() {
        return services.get().monitoring();
    }

    /** When a route answers 409 ({@link TwinDocuments#update}: its write lost every retry to other requests). */
    static final String CONFLICT = "Conflict: other requests changed the asset at the same time and this one lost every "
            + "retry; nothing was changed (detail: \"" + TwinDocuments.BUSY + "\")";

    @Override
    protected Router createRouter() {
        // every route writes the asset's record (a read catches it up), and a write that loses every retry is a conflict
        return new Router(ErrorStyle.FASTAPI)
                .get("/system/state", r -> ApiResponse.ok(monitoring().state(asset(r)))).returns(TwinViews.State.class)
                .answers(409, CONFLICT)
                .post("/system/calibrate", this::calibrate).returns(TwinViews.ActionResult.class).answers(409, CONFLICT)
                .post("/system/inject-fault", this::injectFault).returns(TwinViews.ActionResult.class).answers(409, CONFLICT)
                .post("/system/reset", r -> ApiResponse.ok(monitoring().reset(asset(r)))).returns(TwinViews.ActionResult.class)
                .answers(409, CONFLICT)
                .post("/system/stop", r -> ApiResponse.ok(monitoring().stop(asset(r)))).returns(TwinViews.ActionResult.class)
                .answers(409, CONFLICT)
                .post("/system/purge", r -> ApiResponse.ok(calibration().purge(asset(r)))).returns(TwinViews.ActionResult.class)
                .answers(409, CONFLICT);
    }

    private ApiResponse calibrate(ApiRequest r) {
        Params p = r.params();
        String asset = p.query("asset_id", TwinFunction::assetId, DEFAULT_ASSET);
        Optional<Long> seed = p.optionalQuery("seed", TwinFunction::seed);
        // an extension: a replaced or repaired motor's degradation starts again at 0 (else it carries over)
        boolean repaired = p.query("reset_degradation", Params::bool, false);
        p.queryOnly();
        p.validate();
        return ApiResponse.ok(calibration().calibrate(asset, seed, repaired));
    }

    private ApiResponse injectFault(ApiRequest r) {
        Params p = r.params();
        String asset = p.query("asset_id", TwinFunction::assetId, DEFAULT_ASSET);
        FaultType type = p.query("fault_type", Params.oneOf(names(FaultType.values()), FaultType::valueOf), FaultType.DEFAULT);
        Severity severity = p.query("severity", Params.oneOf(names(Severity.values()), Severity::valueOf), Severity.SEVERE);
        p.queryOnly();
        p.validate();
        return ApiResponse.ok(monitoring().injectFault(asset, new Fault(type, severity)));
    }

    private static String asset(ApiRequest r) {
        Params p = r.params();
        String asset = p.query("asset_id", TwinFunction::assetId, DEFAULT_ASSET);
        // the actions refuse what they do not take (a misspelt asset_id acted on Motor-01); a read, as FastAPI's, ignores
        // what it does not take (a poll's cache-buster, ?_=123)
        if (!"GET".equals(r.method())) p.queryOnly();
        p.validate();
        return asset;
    }

    static String assetId(String raw) {
        if (!ASSET_ID.matcher(raw).matches()) {
            throw new Params.Invalid("string_pattern_mismatch",
                    "String should match pattern '" + ASSET_ID.pattern() + "'");
        }
        return raw;
    }

    /**
     * The simulator's seed, a long: an integer as the API's other integers are read ("24.0" is 24, as pydantic reads it);
     * one beyond a long is refused for its size, not called no integer (a 20-digit seed read "unable to parse").
     */
    static long seed(String raw) {
        long v = Params.longInteger(raw);
        java.math.BigDecimal exact = new java.math.BigDecimal(raw.strip());
        if (exact.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new Params.Invalid("less_than_equal", "Input should be less than or equal to " + Long.MAX_VALUE);
        }
        if (exact.compareTo(java.math.BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            throw new Params.Invalid("greater_than_equal", "Input should be greater than or equal to " + Long.MIN_VALUE);
        }
        return v;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    @Override
    protected Map<String, Object> runJob(Job job, Instant scheduledTime) {
        if (!TICK_JOB.equals(job.id())) {
            return super.runJob(job, scheduledTime); // not ours: the core's answer
        }
        return new JobRuns(jobRuns).run(job, () -> {
            TwinViews.TickResult tick = monitoring().tick();
            // out of the assets that monitor: idle or calibrating ones have no time to advance, and counted in they read
            // as assets the tick failed to advance
            String message = tick.advanced() + " of " + tick.monitoring() + " monitoring assets advanced by "
                    + tick.simulatedSeconds() + " simulated seconds"
                    + (tick.assets() == tick.monitoring() ? "" : "; " + (tick.assets() - tick.monitoring())
                    + " not monitoring (idle or calibrating)")
                    + (tick.leftForNextTick() == 0 ? "" : "; " + tick.leftForNextTick()
                    + " left for the next tick (out of time, or could not be advanced: see the log)");
            return new JobRuns.Outcome<>("success", message, wire(tick));
        });
    }

    @Override
    protected Map<String, Object> runTask(String task, Map<String, Object> payload) {
        if (CalibrationService.PURGE_TASK.equals(task)) {
            // purged_at: not in the tasks of versions before it
            return wire(calibration().runPurge(Json.text(payload, "asset_id"), Instant.parse(Json.text(payload, "before")),
                    payload.get("purged_at") != null ? Optional.of(Instant.parse(Json.text(payload, "purged_at"))) : Optional.empty()));
        }
        if (!CalibrationService.CALIBRATION_TASK.equals(task)) {
            return super.runTask(task, payload);
        }
        return wire(calibration().runCalibration(Json.text(payload, "asset_id"), Json.text(payload, "calibration_id")));
    }

    /** A job's or task's result record in its wire names (the core's runJob and runTask answer maps, also logged). */
    private static Map<String, Object> wire(Record result) {
        return Json.SNAKE.toMap(result);
    }
}
