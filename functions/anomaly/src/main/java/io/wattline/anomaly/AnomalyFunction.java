package io.wattline.anomaly;

import io.wattline.analytics.baseline.BaselineModel;
import io.wattline.anomaly.store.Anomaly;
import io.wattline.anomaly.store.DynamoAnomalyStore;
import io.wattline.config.Lazy;
import io.wattline.config.Settings;
import io.wattline.http.Access;
import io.wattline.http.ApiRequest;
import io.wattline.http.ApiResponse;
import io.wattline.http.ErrorStyle;
import io.wattline.http.FieldError;
import io.wattline.http.Json;
import io.wattline.http.JsonBody;
import io.wattline.http.LambdaFunction;
import io.wattline.http.Params;
import io.wattline.http.Router;
import io.wattline.http.Times;
import io.wattline.http.ValidationException;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobRuns;
import io.wattline.lifecycle.ModelLifecycle;
import io.wattline.lifecycle.ModelTypes;
import io.wattline.lifecycle.TrainingJob;
import io.wattline.store.lambda.LambdaTaskSubmitter;
import io.wattline.store.JobStore;
import io.wattline.store.ModelRegistry;
import io.wattline.store.TelemetryStores;
import io.wattline.store.dynamodb.DynamoCatalogStore;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.store.dynamodb.DynamoJobStore;
import io.wattline.store.dynamodb.DynamoLateTelemetry;
import io.wattline.store.dynamodb.DynamoStateStore;
import io.wattline.store.dynamodb.DynamoTelemetryStore;
import io.wattline.store.s3.S3ArtifactStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The baseline and anomaly context of seed 001: baseline models (list, detail, train, predict, deviation),
 * anomalies (recent, active, detect, resolve), the model-performance API of every model type ({@link ModelPerformance}:
 * retrain triggers, trends, drift checks, alerts; its trainings of baselines run here as background tasks), and the
 * {@code anomaly_detect}, {@code baseline_retrain} and {@code training_cleanup} jobs.
 * Handlers bind and check input (422, then 400, then 404) and answer the records of {@link AnomalyViews}.
 */
public class AnomalyFunction extends LambdaFunction {
    public static final String DETECT_JOB = "anomaly_detect", RETRAIN_JOB = "baseline_retrain", CLEANUP_JOB = "training_cleanup";
    static final int MAX_REASON = 500, MAX_TREND_DAYS = 366;
    /** The longest detection window (a month's backfill) and deviation period per request. */
    static final long MAX_DETECT_DAYS = 31, MAX_DEVIATION_DAYS = 92, MAX_TRAIN_DAYS = 366;
    static final int MAX_NOTES = 2000;
    static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

    private final Supplier<AnomalyService> service;
    private final Supplier<JobStore> jobs;
    private final Supplier<ModelPerformance> performance;

    /** The Lambda runtime's constructor: settings from the environment. */
    public AnomalyFunction() {
        this(Settings.fromEnv());
        // Lambda's only writable folder: JavaCPP extracts OpenBLAS there on the first training (not at start)
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
            System.setProperty("org.bytedeco.javacpp.cachedir", "/tmp/javacpp-cache");
        }
    }

    /** Wires this function's adapters; each client is built on the first request that needs it. */
    public AnomalyFunction(Settings settings) {
        Lazy<DynamoDbClient> db = Lazy.of(() -> DynamoDb.client(settings));
        Lazy<ModelRegistry> registry = Lazy.of(() -> new ModelRegistry(new DynamoStateStore(db.get(), settings.tables().state()),
                S3ArtifactStore.create(settings), Clock.systemUTC()));
        this.service = Lazy.of(() -> new AnomalyService(
                new DynamoCatalogStore(db.get(), settings.tables().catalog()),
                TelemetryStores.select(settings, () -> new DynamoTelemetryStore(db.get(), settings)),
                registry.get(), new DynamoAnomalyStore(db.get(), settings.tables().state()),
                new DynamoLateTelemetry(db.get(), settings.tables().state()), Instant::now));
        this.jobs = Lazy.of(() -> new DynamoJobStore(db.get(), settings.tables().state()));
        this.performance = Lazy.of(() -> new ModelPerformance(service.get(),
                new ModelLifecycle(new DynamoStateStore(db.get(), settings.tables().state()), Instant::now), registry.get(),
                LambdaTaskSubmitter.create(settings)));
    }

    /** Wiring for tests: a service over any ports, and an optional job store. */
    public AnomalyFunction(AnomalyService service, JobStore jobs) {
        this(service, jobs, null);
    }

    /** Wiring for tests: a service, an optional job store and the model-performance API over any ports. */
    public AnomalyFunction(AnomalyService service, JobStore jobs, ModelPerformance performance) {
        this.service = () -> service;
        this.jobs = () -> jobs;
        this.performance = () -> performance;
    }

    @Override
    protected Router createRouter() {
        return new Router(ErrorStyle.FASTAPI)
                .get("/api/v1/baseline/models", this::models).returns(AnomalyViews.ModelList.class)
                .get("/api/v1/baseline/model/{model_id}", this::model).returns(AnomalyViews.ModelDetail.class)
                // an extension: a rollback, or a power_kw model made active on purpose (training keeps it aside)
                .add("PUT", "/api/v1/baseline/model/{model_id}/activate", ErrorStyle.FASTAPI, this::activate)
                .returns(AnomalyViews.ModelDetail.class).answers(409, ModelRegistry.CONFLICT)
                .post("/api/v1/baseline/train", this::train).returns(AnomalyViews.TrainResult.class)
                .answers(409, ModelRegistry.CONFLICT)
                .add("POST", "/api/v1/baseline/predict", ErrorStyle.FASTAPI, Access.READ, this::predict).returns(AnomalyViews.PredictResult.class) // computes, writes nothing
                .get("/api/v1/baseline/deviation", this::deviation).returns(AnomalyViews.DeviationResult.class)
                .get("/api/v1/anomaly/recent", this::recent).returns(AnomalyViews.AnomalyList.class)
                .get("/api/v1/anomaly/active", this::active).returns(AnomalyViews.AnomalyList.class)
                .post("/api/v1/anomaly/detect", this::detect).returns(AnomalyViews.DetectResult.class)
                .add("PUT", "/api/v1/anomaly/{anomaly_id}/resolve", ErrorStyle.FASTAPI, this::resolve).returns(AnomalyViews.ResolveResult.class)
                .post("/api/v1/model-performance/retrain/trigger", this::retrainTrigger).returns(AnomalyViews.TriggerResult.class)
                .get("/api/v1/model-performance/training-jobs/{training_job_id}", this::trainingJob).returns(AnomalyViews.TrainingJobView.class)
                .get("/api/v1/model-performance/metrics/trend", this::metricsTrend).returns(AnomalyViews.TrendResult.class)
                .post("/api/v1/model-performance/drift/check", this::driftCheck).returns(AnomalyViews.DriftResult.class)
                .get("/api/v1/model-performance/alerts/active", this::activeAlerts).returnsListOf(AnomalyViews.Alert.class);
    }

    private AnomalyService svc() {
        return service.get();
    }

    // ------------------------------------------------------------------ baselines

    private ApiResponse models(ApiRequest r) {
        Params p = r.params();
        UUID id = p.query("machine_id", Params::uuid);
        p.validate();
        List<AnomalyViews.ModelSummary> models = svc().models(id).stream().map(AnomalyViews.ModelSummary::of).toList();
        return ApiResponse.ok(new AnomalyViews.ModelList(id, models.size(), models));
    }

    private ApiResponse model(ApiRequest r) {
        Params p = r.params();
        String id = p.path("model_id", Params::nonBlank);
        p.validate();
        return ApiResponse.ok(AnomalyViews.ModelDetail.of(svc().model(id)));
    }

    private ApiResponse activate(ApiRequest r) {
        Params p = r.params();
        String id = p.path("model_id", Params::nonBlank);
        p.validate();
        boolean wasActive = svc().model(id).active();
        AnomalyService.Version v = svc().activate(id);
        if (!wasActive && performance.get() != null) performance.get().recordActivation(v, svc().now()); // now the model in use
        return ApiResponse.ok(AnomalyViews.ModelDetail.of(v));
    }

    private ApiResponse train(ApiRequest r) {
        JsonBody b = new JsonBody(r.body());
        UUID id = b.text("machine_id", Params::uuid, true);
        Instant start = b.text("start_date", Params::dateTime, false);
        Instant end = b.text("end_date", Params::dateTime, false);
        List<String> drivers = drivers(b);
        BaselineModel.Granularity g = Optional.ofNullable(b.text("granularity", AnomalyFunction::granularity, false))
                .orElse(BaselineModel.Granularity.HOURLY);
        b.validate();
        Instant to = end != null ? end : svc().now();
        Instant from = start != null ? start : to.minus(Duration.ofDays(AnomalyService.TRAINING_DAYS));
        Times.checkPeriod(from, to, MAX_TRAIN_DAYS, "per request");
        AnomalyService.Version v = svc().train(id, from, to, drivers, g);
        recordTraining(v);
        return ApiResponse.ok(AnomalyViews.TrainResult.of(v));
    }

    static BaselineModel.Granularity granularity(String raw) {
        for (BaselineModel.Granularity g : List.of(BaselineModel.Granularity.MIN15, BaselineModel.Granularity.HOURLY,
                BaselineModel.Granularity.DAILY)) {
            if (g.label().equals(raw)) return g;
        }
        throw new Params.Invalid("enum", "Input should be '15min', 'hourly' or 'daily'");
    }

    /** The body's {@code drivers}: known names (aliases folded), no repeats; an unknown one is named in a 422. */
    private static List<String> drivers(JsonBody b) {
        Object n = b.node("drivers");
        if (n == null) return List.of();
        if (!(n instanceof List<?> listed)) {
            b.reject(FieldError.of("list_type", List.of("body", "drivers"), "Input should be a valid list", n));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            Object d = listed.get(i);
            String name = d instanceof String text ? Drivers.canonical(text) : null;
            if (name == null) {
                b.reject(FieldError.of("enum", List.of("body", "drivers", i), "Unknown driver '" + Json.text(d)
                        + "': known drivers are " + String.join(", ", Drivers.KNOWN), d));
            } else if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * {@code inputs}: known drivers (aliases folded), each a finite number and named once; a driver given under two
     * names (an alias and its canonical name) is refused rather than one of them silently dropped. The values' ranges
     * depend on the active model and are checked by the service.
     */
    private ApiResponse predict(ApiRequest r) {
        JsonBody b = new JsonBody(r.body());
        UUID id = b.text("machine_id", Params::uuid, true);
        Object inputs = b.node("inputs");
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> givenAs = new LinkedHashMap<>(); // canonical name -> the key the body used
        Map<String, Object> given = new LinkedHashMap<>();
        if (inputs == null) {
            b.reject(FieldError.missing("body", "inputs"));
        } else if (!(inputs instanceof Map<?, ?> fields)) {
            b.reject(FieldError.of("dict_type", List.of("body", "inputs"), "Input should be a valid dictionary", inputs));
        } else {
            for (Map.Entry<?, ?> field : fields.entrySet()) {
                String key = (String) field.getKey();
                Object value = field.getValue();
                String name = Drivers.canonical(key);
                String earlier = name == null ? null : givenAs.putIfAbsent(name, key);
                if (name == null) {
                    b.reject(FieldError.of("enum", List.of("body", "inputs", key), "Unknown driver '" + key
                            + "': known drivers are " + String.join(", ", Drivers.KNOWN), value));
                } else if (earlier != null) {
                    b.reject(FieldError.of("value_error", List.of("body", "inputs", key), "Value error, '" + key
                            + "' and '" + earlier + "' are the same driver (" + name + "): give it once", value));
                } else if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                    b.reject(FieldError.of("finite_number", List.of("body", "inputs", key),
                            "Input should be a finite number", value));
                } else {
                    values.put(name, number.doubleValue());
                    given.put(name, value);
                }
            }
        }
        b.validate();
        try {
            return ApiResponse.ok(AnomalyViews.PredictResult.of(id, svc().predict(id, values, givenAs)));
        } catch (AnomalyService.InvalidInputs e) {
            throw new ValidationException(e.problems.stream().map(p -> FieldError.of(p.type(),
                    List.of("body", "inputs", givenAs.getOrDefault(p.driver(), p.driver())), p.message(),
                    given.get(p.driver()))).toList());
        }
    }

    private ApiResponse deviation(ApiRequest r) {
        Params p = r.params();
        UUID id = p.query("machine_id", Params::uuid);
        Instant start = p.query("start_time", Params::dateTime);
        Instant end = p.query("end_time", Params::dateTime);
        p.validate();
        Times.checkPeriod(start, end, MAX_DEVIATION_DAYS, "per request");
        return ApiResponse.ok(AnomalyViews.DeviationResult.of(id, start, end, svc().deviation(id, start, end)));
    }

    // ------------------------------------------------------------------ anomalies

    static int bounded(String raw, int min, int max) {
        int v = Params.integer(raw);
        if (v < min) throw new Params.Invalid("greater_than_equal", "Input should be greater than or equal to " + min);
        if (v > max) throw new Params.Invalid("less_than_equal", "Input should be less than or equal to " + max);
        return v;
    }

    /** A severity filter, in any case ("HIGH" as "high", as {@code type} and {@code search} are matched). */
    static String severity(String raw) {
        String s = raw.strip().toLowerCase(java.util.Locale.ROOT);
        if (!SEVERITIES.contains(s)) throw new Params.Invalid("enum", "Input should be 'low', 'medium', 'high' or 'critical'");
        return s;
    }

    private ApiResponse recent(ApiRequest r) {
        Params p = r.params();
        int limit = p.query("limit", raw -> bounded(raw, 1, 1000), 10);
        Optional<UUID> machine = p.optionalQuery("machine_id", Params::uuid);
        Optional<String> severity = p.optionalQuery("severity", AnomalyFunction::severity);
        int hours = p.query("hours", raw -> bounded(raw, 1, 24 * 366), 24);
        p.validate();
        machine.ifPresent(svc()::machine);
        Instant now = svc().now();
        List<Anomaly> found = filter(svc().recent(now.minus(Duration.ofHours(hours)), now.plusMillis(1)), machine, severity);
        List<Anomaly> shown = found.stream().limit(limit).toList();
        Incidents incidents = svc().incidents(shown);
        return ApiResponse.ok(new AnomalyViews.AnomalyList(found.size(), new AnomalyViews.Filters(machine.orElse(null),
                severity.orElse(null), hours + (hours == 1 ? " hour" : " hours")),
                shown.stream().map(a -> AnomalyViews.AnomalyView.of(a, incidents)).toList()));
    }

    private ApiResponse active(ApiRequest r) {
        Params p = r.params();
        Optional<UUID> machine = p.optionalQuery("machine_id", Params::uuid);
        Optional<String> severity = p.optionalQuery("severity", AnomalyFunction::severity);
        // an extension, as recent's: the newest this many (total_count still counts them all; "limit" was ignored)
        Optional<Integer> limit = p.optionalQuery("limit", raw -> bounded(raw, 1, 1000));
        p.validate();
        machine.ifPresent(svc()::machine);
        List<Anomaly> found = filter(svc().unresolved(), machine, severity);
        List<Anomaly> shown = limit.map(n -> found.stream().limit(n).toList()).orElse(found);
        Incidents incidents = svc().incidents(shown);
        return ApiResponse.ok(new AnomalyViews.AnomalyList(found.size(), new AnomalyViews.Filters(machine.orElse(null),
                severity.orElse(null), "all"), shown.stream().map(a -> AnomalyViews.AnomalyView.of(a, incidents)).toList()));
    }

    private static List<Anomaly> filter(List<Anomaly> all, Optional<UUID> machine, Optional<String> severity) {
        return all.stream().filter(a -> machine.map(a.machineId()::equals).orElse(true))
                .filter(a -> severity.map(a.severity()::equals).orElse(true)).toList();
    }

    private ApiResponse detect(ApiRequest r) {
        JsonBody b = new JsonBody(r.body());
        UUID id = b.text("machine_id", Params::uuid, true);
        Instant start = b.text("start_time", Params::dateTime, true);
        Instant end = b.text("end_time", Params::dateTime, true);
        b.validate();
        Times.checkPeriod(start, end, MAX_DETECT_DAYS, "per request");
        AnomalyService.Detection d = svc().detect(id, start, end, true);
        return ApiResponse.ok(AnomalyViews.DetectResult.of(d, svc().incidents(d.anomalies())));
    }

    private ApiResponse resolve(ApiRequest r) {
        Params p = r.params();
        String id = p.path("anomaly_id", Params::nonBlank);
        String notes = null;
        // the seed's resolve may come without a body; read as an empty one, so that its fields are read (and described)
        JsonBody b = new JsonBody(r.body() == null || r.body().isBlank() ? "{}" : r.body());
        // an extension: resolve the incident's other open anomalies too (an air leak fixed once, not hour by hour)
        boolean wholeIncident = Boolean.TRUE.equals(b.optional(Params::bool, false, "whole_incident"));
        Object n = b.node("resolution_notes");
        if (n != null && !(n instanceof String)) {
            b.reject(FieldError.of("string_type", List.of("body", "resolution_notes"), "Input should be a valid string", n));
        } else if (n instanceof String text && text.length() > MAX_NOTES) {
            b.reject(FieldError.of("string_too_long", List.of("body", "resolution_notes"),
                    "String should have at most " + MAX_NOTES + " characters", text.substring(0, 50) + "…"));
        } else if (n instanceof String text) {
            notes = text;
        }
        p.validate();
        b.validate();
        return ApiResponse.ok(AnomalyViews.ResolveResult.of(svc().resolve(id, notes, wholeIncident), wholeIncident));
    }

    // ------------------------------------------------------------------ model performance

    private void recordTraining(AnomalyService.Version v) {
        ModelPerformance p = performance.get();
        if (p != null) p.recordTraining(v);
    }

    /** The daily evaluation of the active baselines, in the detection run after midnight UTC (see {@link ModelPerformance}). */
    private ModelPerformance.Evaluated evaluateBaselines(Instant scheduled) {
        ModelPerformance p = performance.get();
        if (p == null || !ModelPerformance.evaluationRun(scheduled)) return ModelPerformance.Evaluated.NONE;
        return p.evaluateBaselines(scheduled.truncatedTo(java.time.temporal.ChronoUnit.DAYS));
    }

    private ModelPerformance perf() {
        ModelPerformance p = performance.get();
        if (p == null) throw new IllegalStateException("model performance is not wired in this function");
        return p;
    }

    static String modelType(String raw) {
        if (!ModelTypes.ALL.contains(raw)) {
            throw new Params.Invalid("enum", "Input should be 'baseline', 'anomaly', 'forecast_arima' or 'forecast_prophet'");
        }
        return raw;
    }

    static String triggerType(String raw) {
        if (!ModelTypes.TRIGGERS.contains(raw)) throw new Params.Invalid("enum", "Input should be 'manual', 'scheduled' or 'drift'");
        return raw;
    }

    static String reason(String raw) {
        if (raw.length() > MAX_REASON) {
            throw new Params.Invalid("string_too_long", "String should have at most " + MAX_REASON + " characters");
        }
        return raw;
    }

    private ApiResponse retrainTrigger(ApiRequest r) {
        Params p = r.params();
        String type = p.query("model_type", AnomalyFunction::modelType);
        UUID id = p.query("machine_id", Params::uuid);
        String trigger = p.query("trigger_type", AnomalyFunction::triggerType);
        Optional<String> reason = p.optionalQuery("reason", AnomalyFunction::reason);
        p.validate();
        ModelLifecycle.Trigger t = perf().trigger(type, id, trigger, reason.orElse(null));
        return ApiResponse.ok(AnomalyViews.TriggerResult.of(t, trigger, reason.orElse(null)));
    }

    /** A training job as it stands (an extension: the trigger's training_job_id led nowhere, a failure was unseen). */
    private ApiResponse trainingJob(ApiRequest r) {
        Params p = r.params();
        UUID id = p.path("training_job_id", Params::uuid);
        p.validate();
        return ApiResponse.ok(AnomalyViews.TrainingJobView.of(perf().lifecycle().job(id.toString())
                .orElseThrow(() -> new io.wattline.domain.DomainException.NotFound("Training job not found"))));
    }

    private ApiResponse metricsTrend(ApiRequest r) {
        Params p = r.params();
        String type = p.query("model_type", AnomalyFunction::modelType);
        UUID id = p.query("machine_id", Params::uuid);
        int days = p.query("days", raw -> bounded(raw, 1, MAX_TREND_DAYS), 30);
        p.validate();
        return ApiResponse.ok(AnomalyViews.TrendResult.of(type, perf().trend(type, id, days)));
    }

    private ApiResponse driftCheck(ApiRequest r) {
        JsonBody b = new JsonBody(r.body());
        String type = b.text("model_type", AnomalyFunction::modelType, true);
        UUID id = b.text("machine_id", Params::uuid, true);
        Instant start = b.text("evaluation_start", Params::dateTime, true);
        Instant end = b.text("evaluation_end", Params::dateTime, true);
        b.validate();
        Times.checkPeriod(start, end, MAX_DEVIATION_DAYS, "per request");
        return ApiResponse.ok(AnomalyViews.DriftResult.of(perf().drift(type, id, start, end)));
    }

    private ApiResponse activeAlerts(ApiRequest r) {
        Params p = r.params();
        Optional<UUID> machine = p.optionalQuery("machine_id", Params::uuid);
        Optional<String> type = p.optionalQuery("model_type", AnomalyFunction::modelType);
        p.validate();
        return ApiResponse.ok(perf().alerts(machine, type).stream().map(AnomalyViews.Alert::of).toList());
    }

    /** The model-performance API's background training of a baseline ({@link ModelLifecycle#TRAIN_TASK}). */
    @Override
    protected Map<String, Object> runTask(String task, Map<String, Object> payload) {
        if (!ModelLifecycle.TRAIN_TASK.equals(task)) return super.runTask(task, payload);
        TrainingJob job = perf().runTraining(Json.text(payload, "job_id"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.jobId());
        out.put("status", job.status());
        out.put("model_version", job.modelVersion());
        out.put("error", job.error());
        return out;
    }

    /** Runs a background task as its asynchronous invocation would (tests). */
    Map<String, Object> runTaskForTest(String task, Map<String, Object> payload) {
        return runTask(task, payload);
    }

    // ------------------------------------------------------------------ jobs

    @Override
    protected Map<String, Object> runJob(Job job, Instant scheduledTime) {
        if (CLEANUP_JOB.equals(job.id())) {
            return new JobRuns(jobs).run(job, () -> {
                List<TrainingJob> failed = perf().lifecycle().cleanup();
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("job_id", job.id());
                result.put("status", "success");
                result.put("jobs_failed", failed.stream().map(TrainingJob::jobId).toList());
                return new JobRuns.Outcome<>("success", failed.size() + " stale training jobs marked failed", result);
            });
        }
        boolean detect = DETECT_JOB.equals(job.id());
        if (!detect && !RETRAIN_JOB.equals(job.id())) return super.runJob(job, scheduledTime); // not ours
        return new JobRuns(jobs).run(job, () -> {
            // the weekly retraining under the training lock where the model-performance API is wired (its jobs record
            // their evaluations), else directly
            boolean locked = !detect && performance.get() != null;
            AnomalyService.JobOutcome o = detect ? svc().detectJob(scheduledTime) : svc().retrainJob(scheduledTime,
                    locked ? perf().lockedRetraining() : AnomalyService.Retraining.DIRECT);
            if (!locked) o.trained().forEach(this::recordTraining);
            ModelPerformance.Evaluated evaluated = detect ? evaluateBaselines(scheduledTime) : ModelPerformance.Evaluated.NONE;
            String status = o.failures().isEmpty() && evaluated.failed().isEmpty() ? "success"
                    : o.done() == 0 && !o.failures().isEmpty() ? "failed" : "partial";
            List<String> failures = new ArrayList<>(o.failures());
            evaluated.failed().forEach(name -> failures.add(name + ": the scheduled evaluation of its baseline failed"));
            String message = (detect ? o.anomalies() + " new anomalies over " + o.done() + " machines"
                    + (o.lateDays() == 0 ? "" : " and " + o.lateDays() + " machine-days written late")
                    + (o.withdrawn() == 0 ? "" : ", " + o.withdrawn() + " withdrawn")
                    + (evaluated.evaluated().isEmpty() ? "" : ", " + evaluated.evaluated().size() + " baselines evaluated")
                    : o.trained().size() + " baselines trained, " + o.unchanged() + " unchanged (already trained on this run's "
                    + "window), " + o.skipped().size() + " machines skipped")
                    + (o.failures().isEmpty() ? "" : "; failed: " + String.join(", ", o.failures()))
                    + (evaluated.failed().isEmpty() ? "" : "; evaluation failed: " + String.join(", ", evaluated.failed()));
            AnomalyViews.JobResult result = new AnomalyViews.JobResult(job.id(), status, o.machines(), o.done(),
                    detect ? null : o.trained().size(), detect ? null : o.unchanged(), o.anomalies(), o.withdrawn(),
                    o.lateDays(), o.skipped(), failures);
            return new JobRuns.Outcome<>(status, message, Json.SNAKE.toMap(result));
        });
    }

    /** Runs a job as its scheduled event would (tests). */
    Map<String, Object> runJobForTest(Job job, Instant time) {
        return runJob(job, time);
    }
}
