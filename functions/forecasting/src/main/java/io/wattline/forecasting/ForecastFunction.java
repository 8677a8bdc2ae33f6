package io.wattline.forecasting;

import io.wattline.analytics.forecast.Arima;
import io.wattline.analytics.forecast.Decomposition;
import io.wattline.lifecycle.Evaluation;
import io.wattline.lifecycle.ModelLifecycle;
import io.wattline.lifecycle.TrainingJob;
import io.wattline.config.Lazy;
import io.wattline.config.Settings;
import io.wattline.domain.Machine;
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
import io.wattline.store.ModelRegistry;
import io.wattline.store.TelemetryStores;
import io.wattline.store.dynamodb.DynamoAnomalyLog;
import io.wattline.store.dynamodb.DynamoCatalogStore;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.store.dynamodb.DynamoStateStore;
import io.wattline.store.dynamodb.DynamoTelemetryStore;
import io.wattline.store.s3.S3ArtifactStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The forecasting context of seed 001 ({@code /api/v1/forecast/*}): training the two models of a machine's hourly
 * power, their status, energy and demand forecasts, the day's peak and the cheapest schedule. Handlers bind and
 * check input (422), call {@link ForecastService} and answer the records of {@link ForecastViews}.
 */
public class ForecastFunction extends LambdaFunction {
    static final List<String> MODEL_TYPES = List.of(ForecastService.ARIMA, ForecastService.PROPHET);
    static final String MODEL_TYPE_MSG = "Input should be 'arima' or 'prophet'";
    static final List<String> MODES = List.of("additive", "multiplicative");
    /** Seasonal periods an ARIMA request may name, in hours: none, the day, the week. */
    static final List<Integer> PERIODS = List.of(0, 24, 168);

    private final Supplier<ForecastService> service;
    /** Where trainings leave their evaluations and background training jobs run (null: not recorded, in tests). */
    private final Supplier<ModelLifecycle> lifecycle;

    /** The Lambda runtime's constructor: settings from the environment. */
    public ForecastFunction() {
        this(Settings.fromEnv());
    }

    /** Wires this function's adapters; each client is built on the first request that needs it. */
    public ForecastFunction(Settings settings) {
        Lazy<DynamoDbClient> db = Lazy.of(() -> DynamoDb.client(settings));
        this.service = Lazy.of(() -> new ForecastService(
                new DynamoCatalogStore(db.get(), settings.tables().catalog()),
                TelemetryStores.select(settings, () -> new DynamoTelemetryStore(db.get(), settings)),
                new DynamoAnomalyLog(db.get(), settings.tables().state()),
                new ModelRegistry(new DynamoStateStore(db.get(), settings.tables().state()), S3ArtifactStore.create(settings),
                        Clock.systemUTC()),
                settings.artifactBucket(), Instant::now));
        this.lifecycle = Lazy.of(() -> new ModelLifecycle(new DynamoStateStore(db.get(), settings.tables().state()), Instant::now));
    }

    /** Wiring for tests: a service over any ports. */
    public ForecastFunction(ForecastService service) {
        this(service, null);
    }

    /** Wiring for tests: a service and the model lifecycle over any ports. */
    public ForecastFunction(ForecastService service, ModelLifecycle lifecycle) {
        this.service = () -> service;
        this.lifecycle = () -> lifecycle;
    }

    /** Records a training's held-out figures as the model's evaluation (the model-performance trend and alerts). */
    private void recorded(Machine m, ForecastService.Trained t) {
        ModelLifecycle l = lifecycle.get();
        if (l != null) l.record(ForecastService.registryType(t.metadata().modelType()), m.id(), m.name(), evaluation(t));
    }

    static Evaluation evaluation(ForecastService.Trained t) {
        ForecastMetadata meta = t.metadata();
        return new Evaluation(t.version().trainedAt(), t.version().version(), meta.rSquared(), meta.rmse(), null,
                Double.isFinite(meta.mape()) ? meta.mape() : null, false, null, Evaluation.TRAINING);
    }

    /**
     * The model-performance API's background training ({@link ModelLifecycle#TRAIN_TASK}): the job's model on the
     * machine's latest history, with the settings of its active version, or the API's defaults without one
     * ({@link ForecastService#retrain}).
     */
    @Override
    protected Map<String, Object> runTask(String task, Map<String, Object> payload) {
        if (!ModelLifecycle.TRAIN_TASK.equals(task)) return super.runTask(task, payload);
        TrainingJob job = lifecycle.get().run(Json.text(payload, "job_id"), j -> {
            ForecastService.Trained t = svc().retrain(j.machineId(), j.modelType());
            return new ModelLifecycle.Trained(t.version().version(), svc().machine(j.machineId()).name(), evaluation(t));
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.jobId());
        out.put("status", job.status());
        out.put("model_version", job.modelVersion());
        out.put("error", job.error());
        return out;
    }

    @Override
    protected Router createRouter() {
        return new Router(ErrorStyle.FASTAPI)
                .get("/api/v1/forecast/models/{machine_id}", this::status).returns(ForecastViews.ModelStatus.class)
                // an extension: make a kept version active (a rollback)
                .add("PUT", "/api/v1/forecast/models/{machine_id}/activate", ErrorStyle.FASTAPI, this::activate)
                .returns(ForecastViews.ModelStatus.class).answers(409, ModelRegistry.CONFLICT)
                .post("/api/v1/forecast/train/arima", this::trainArima).returns(ForecastViews.TrainReport.class)
                .answers(409, ModelRegistry.CONFLICT)
                .post("/api/v1/forecast/train/prophet", this::trainProphet).returns(ForecastViews.TrainReport.class)
                .answers(409, ModelRegistry.CONFLICT)
                .add("POST", "/api/v1/forecast/predict", ErrorStyle.FASTAPI, Access.READ, this::predict).returns(ForecastViews.EnergyForecast.class) // computes, writes nothing
                .get("/api/v1/forecast/demand", this::demand).returns(ForecastViews.DemandForecast.class)
                .get("/api/v1/forecast/peak", this::peak).returns(ForecastViews.PeakForecast.class)
                .add("POST", "/api/v1/forecast/optimal-schedule", ErrorStyle.FASTAPI, Access.READ, this::schedule).returns(ForecastViews.ScheduleReport.class);
    }

    private ForecastService svc() {
        return service.get();
    }

    private ApiResponse status(ApiRequest r) {
        Params p = r.params();
        UUID id = p.path("machine_id", Params::uuid);
        p.validate();
        return ApiResponse.ok(status(svc().machine(id)));
    }

    private ForecastViews.ModelStatus status(Machine m) {
        return new ForecastViews.ModelStatus(m.id().toString(), ForecastViews.ModelState.of(m.id(), ForecastService.ARIMA, svc()),
                ForecastViews.ModelState.of(m.id(), ForecastService.PROPHET, svc()));
    }

    private ApiResponse activate(ApiRequest r) {
        Params p = r.params();
        UUID id = p.path("machine_id", Params::uuid);
        JsonBody b = new JsonBody(r.body());
        String type = b.required(ForecastFunction::modelType, "model_type");
        Integer version = b.range(b.required(Params::integer, "version"), 1, Integer.MAX_VALUE, "version");
        p.validate();
        b.validate();
        svc().activate(id, type, version);
        return ApiResponse.ok(status(svc().machine(id)));
    }

    private ApiResponse trainArima(ApiRequest r) {
        JsonBody b = new JsonBody(r.body());
        UUID id = b.required(Params::uuid, "machine_id");
        Instant start = b.required(Params::dateTime, "start_date");
        Instant end = b.required(Params::dateTime, "end_date");
        Integer p = b.range(b.optional(Params::integer, 1, "model_params", "p"), 0, Arima.MAX_P, "model_params", "p");
        Integer d = b.range(b.optional(Params::integer, 1, "model_params", "d"), 0, Arima.MAX_D, "model_params", "d");
        Integer q = b.range(b.optional(Params::integer, 1, "model_params", "q"), 0, Arima.MAX_Q, "model_params", "q");
        Integer period = b.optional(ForecastFunction::period, null, "model_params", "seasonal_period");
        Integer sp = b.range(b.optional(Params::integer, 0, "model_params", "seasonal_p"), 0, 1, "model_params", "seasonal_p");
        Integer sd = b.range(b.optional(Params::integer, null, "model_params", "seasonal_d"), 0, 1, "model_params", "seasonal_d");
        Integer sq = b.range(b.optional(Params::integer, 1, "model_params", "seasonal_q"), 0, 1,
                "model_params", "seasonal_q");
        b.validate();
        checkTrainingPeriod(start, end);
        ForecastService.Trained t = svc().trainArima(id, start, end,
                new ForecastService.ArimaRequest(p, d, q, period, sp, sd, sq));
        Machine m = svc().machine(id);
        recorded(m, t);
        return ApiResponse.ok(ForecastViews.TrainReport.of(m, t, svc().path(t.version())));
    }

    /**
     * The training period: 400 when it is empty or reversed, or when its history, the part before the current hour
     * (where training stops reading), is longer than {@link ForecastService#MAX_TRAINING_DAYS} days; an end_date in
     * the future does not count against it.
     */
    private void checkTrainingPeriod(Instant start, Instant end) {
        Instant current = svc().now();
        Instant historyEnd = start.isBefore(current) && end.isAfter(current) ? current : end;
        Times.checkPeriod(start, historyEnd, ForecastService.MAX_TRAINING_DAYS, "of history per training");
    }

    static Integer period(String raw) {
        int v = Params.integer(raw);
        if (!PERIODS.contains(v)) throw new Params.Invalid("literal_error", "Input should be 0, 24 or 168");
        return v;
    }

    private ApiResponse trainProphet(ApiRequest r) {
        JsonBody b = new JsonBody(r.body());
        UUID id = b.required(Params::uuid, "machine_id");
        Instant start = b.required(Params::dateTime, "start_date");
        Instant end = b.required(Params::dateTime, "end_date");
        String mode = b.optional(ForecastFunction::mode, "additive", "seasonality_mode");
        String regressors = b.optional(ForecastFunction::regressors, ForecastService.Regressors.AUTO.label(), "regressors");
        b.validate();
        checkTrainingPeriod(start, end);
        ForecastService.Trained t = svc().trainProphet(id, start, end,
                Decomposition.Mode.valueOf(mode.toUpperCase(Locale.ROOT)), ForecastService.Regressors.of(regressors));
        Machine m = svc().machine(id);
        recorded(m, t);
        return ApiResponse.ok(ForecastViews.TrainReport.of(m, t, svc().path(t.version())));
    }

    static String mode(String raw) {
        if (!MODES.contains(raw)) throw new Params.Invalid("literal_error", "Input should be 'additive' or 'multiplicative'");
        return raw;
    }

    static String regressors(String raw) {
        if (ForecastService.Regressors.of(raw) == null) {
            throw new Params.Invalid("literal_error", "Input should be 'auto', 'weather' or 'none'");
        }
        return raw;
    }

    static String modelType(String raw) {
        if (!MODEL_TYPES.contains(raw)) throw new Params.Invalid("literal_error", MODEL_TYPE_MSG);
        return raw;
    }

    private ApiResponse predict(ApiRequest r) {
        JsonBody b = new JsonBody(r.body());
        UUID id = b.required(Params::uuid, "machine_id");
        // without a model_type: the trained model that erred less on its held-out hours, as demand and peak choose (a demo
        // with only an ARIMA answered "Model not trained" here while demand and peak answered from it)
        String type = b.optional(ForecastFunction::modelType, null, "model_type");
        Integer hours = b.range(b.optional(Params::integer, 24, "forecast_hours"), 1,
                ForecastService.MAX_FORECAST_HOURS, "forecast_hours");
        Double confidence = b.range(b.optional(Params::number, 0.95, "confidence"), 0, true, 1, true, "confidence");
        // an extension: a local day of the factory instead of hours from now ("tomorrow"); forecast_hours then unused
        LocalDate date = b.optional(Params::date, null, "date");
        b.validate();
        Machine m = svc().machine(id);
        if (date == null) return ApiResponse.ok(ForecastViews.EnergyForecast.of(m, svc().forecast(m, type, hours, confidence)));
        return ApiResponse.ok(ForecastViews.EnergyForecast.of(m, svc().forecastDay(m, type, date, confidence), date, svc().zone(m),
                b.node("forecast_hours") == null ? null : hours));
    }

    private ApiResponse demand(ApiRequest r) {
        Params p = r.params();
        UUID id = p.query("machine_id", Params::uuid);
        Integer hours = p.query("hours", ForecastFunction::horizon);
        String type = p.query("model_type", ForecastFunction::modelType, null);
        Double confidence = p.query("confidence", ForecastFunction::confidence, 0.95);
        p.validate();
        Machine m = svc().machine(id);
        return ApiResponse.ok(ForecastViews.DemandForecast.of(m, svc().forecast(m, type, hours, confidence)));
    }

    static int horizon(String raw) {
        int h = Params.integer(raw);
        if (h <= 0) throw new Params.Invalid("greater_than", "Input should be greater than 0");
        if (h > ForecastService.MAX_FORECAST_HOURS) {
            throw new Params.Invalid("less_than_equal", "Input should be less than or equal to " + ForecastService.MAX_FORECAST_HOURS);
        }
        return h;
    }

    static double confidence(String raw) {
        double c = Params.number(raw);
        if (!(c > 0)) throw new Params.Invalid("greater_than", "Input should be greater than 0");
        if (!(c < 1)) throw new Params.Invalid("less_than", "Input should be less than 1");
        return c;
    }

    private ApiResponse peak(ApiRequest r) {
        Params p = r.params();
        UUID id = p.query("machine_id", Params::uuid);
        LocalDate date = p.query("date", Params::date);
        String type = p.query("model_type", ForecastFunction::modelType, null);
        p.validate();
        Machine m = svc().machine(id);
        return ApiResponse.ok(ForecastViews.PeakForecast.of(m, svc().peak(id, date, type)));
    }

    private ApiResponse schedule(ApiRequest r) {
        JsonBody b = new JsonBody(r.body());
        UUID id = b.required(Params::uuid, "machine_id");
        LocalDate date = b.required(Params::date, "date");
        // the seed's production target, or (an extension, for a machine that records no production) hours to run
        Double target = b.range(b.optional(Params::number, null, "constraints", "production_target"), 0, false, 1e12, false,
                "constraints", "production_target");
        Integer hours = b.range(b.optional(Params::integer, null, "constraints", "operating_hours"), 1, 25,
                "constraints", "operating_hours");
        Integer maxRuntime = b.range(b.optional(Params::integer, 24, "constraints", "max_runtime_hours"), 1, 25,
                "constraints", "max_runtime_hours");
        if ((target == null) == (hours == null) && !b.hasErrors()) {
            b.reject(FieldError.of(target == null ? "missing" : "value_error", List.of("body", "constraints", "production_target"),
                    target == null ? "Field required (or, for a machine without production, constraints.operating_hours)"
                            : "Give production_target or operating_hours, not both", target));
        }
        java.util.Set<Integer> allowed = allowedHours(b);
        b.validate();
        Machine m = svc().machine(id);
        SchedulePlanner.Schedule s = target != null ? svc().planner().schedule(id, date, target, maxRuntime, allowed)
                : svc().planner().scheduleHours(id, date, hours, maxRuntime, allowed);
        return ApiResponse.ok(ForecastViews.ScheduleReport.of(m, s));
    }

    /**
     * An extension, {@code constraints.allowed_hours}: the local hours (0-23, each the hour that starts then) the machine
     * may run, e.g. its staffed shifts; null when not given (every hour).
     */
    private static java.util.Set<Integer> allowedHours(JsonBody b) {
        Object n = b.node("constraints") instanceof Map<?, ?> c ? c.get("allowed_hours") : null;
        if (n == null) return null;
        List<Object> loc = List.of("body", "constraints", "allowed_hours");
        if (!(n instanceof List<?> hours) || hours.isEmpty()) {
            b.reject(FieldError.of(n instanceof List ? "too_short" : "list_type", loc, n instanceof List
                    ? "List should have at least 1 item (the local hours the machine may run, 0-23)" : "Input should be a valid list", n));
            return null;
        }
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (int i = 0; i < hours.size(); i++) {
            Object h = hours.get(i);
            // a whole number (5 or 5.0) from 0 to 23, compared as a number: 4294967302 is no hour, not hour 6 wrapped
            double v = h instanceof Number number ? number.doubleValue() : Double.NaN;
            if (!(v >= 0 && v <= 23 && v == Math.rint(v))) {
                b.reject(FieldError.of("value_error", List.of("body", "constraints", "allowed_hours", i),
                        "A local hour of the day: a whole number from 0 to 23", h));
            } else {
                out.add((int) v);
            }
        }
        return out;
    }
}
