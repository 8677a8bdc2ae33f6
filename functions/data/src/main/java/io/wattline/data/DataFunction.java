package io.wattline.data;

import io.wattline.config.Lazy;
import io.wattline.config.Settings;
import io.wattline.data.Timeseries.Metric;
import io.wattline.data.Views.DataPoint;
import io.wattline.data.Views.LatestReading;
import io.wattline.data.Views.MachineSeries;
import io.wattline.data.Views.MachineView;
import io.wattline.data.Views.MultiMachine;
import io.wattline.data.Views.Series;
import io.wattline.data.Views.Triggered;
import io.wattline.domain.DomainException;
import io.wattline.domain.Factory;
import io.wattline.domain.Interval;
import io.wattline.domain.Machine;
import io.wattline.domain.Rollup;
import io.wattline.http.ApiException;
import io.wattline.http.ApiRequest;
import io.wattline.http.ApiResponse;
import io.wattline.http.ErrorStyle;
import io.wattline.http.Json;
import io.wattline.http.LambdaFunction;
import io.wattline.http.Params;
import io.wattline.http.Router;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobCatalog;
import io.wattline.jobs.JobTrigger;
import io.wattline.store.CatalogStore;
import io.wattline.store.JobStore;
import io.wattline.store.TelemetryStore;
import io.wattline.store.TelemetryStores;
import io.wattline.store.dynamodb.DynamoCatalogStore;
import io.wattline.store.dynamodb.DynamoDailySnapshots;
import io.wattline.store.dynamodb.DynamoLateTelemetry;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.store.dynamodb.DynamoJobStore;
import io.wattline.store.dynamodb.DynamoTelemetryStore;
import io.wattline.store.lambda.LambdaJobTrigger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The energy data plane of seed 001: service info and health, machines, time series, ingestion and
 * the scheduler. Handlers bind and check parameters, call a service, and shape the seed's JSON.
 */
public class DataFunction extends LambdaFunction {
    private final Settings settings;
    private final Lazy<DynamoDbClient> dynamoDb;
    private final Lazy<CatalogStore> catalog;
    private final Lazy<TelemetryStore> telemetry;
    private final Lazy<JobStore> jobs;
    private final Lazy<JobTrigger> jobTrigger;
    private final java.util.function.Supplier<Instant> clock;

    /** The Lambda runtime's constructor: settings from the environment. */
    public DataFunction() {
        this(Settings.fromEnv());
    }

    /** Wires this function's adapters; each client is built on the first request that needs it. */
    public DataFunction(Settings settings) {
        this(settings, Instant::now);
    }

    /** As above, on {@code clock} (what "the hour in progress" is measured by). */
    public DataFunction(Settings settings, java.util.function.Supplier<Instant> clock) {
        this.settings = settings;
        this.clock = clock;
        this.dynamoDb = Lazy.of(() -> DynamoDb.client(settings));
        this.catalog = Lazy.of(() -> new DynamoCatalogStore(dynamoDb.get(), settings.tables().catalog()));
        this.telemetry = Lazy.of(() -> TelemetryStores.select(settings,
                () -> new DynamoTelemetryStore(dynamoDb.get(), settings)));
        this.jobs = Lazy.of(() -> new DynamoJobStore(dynamoDb.get(), settings.tables().state()));
        this.jobTrigger = Lazy.of(() -> LambdaJobTrigger.create(settings));
    }

    /** Builds the DynamoDB client into the snapshot (no request is sent; credentials resolve on first use). */
    @Override
    protected void primeFunction() {
        dynamoDb.get();
    }

    @Override
    protected Router createRouter() {
        // serving GET /, this function is also API Gateway's $default: every path no route matches comes here, and an
        // Azure client's (another operation, a misspelt path) is refused in Azure's words, as its gateway did
        return new Router(ErrorStyle.FASTAPI).errorsUnder("/anomalydetector/", ErrorStyle.AZURE)
                .publicGet("/", r -> ApiResponse.ok(SystemStatus.root())).returns(SystemStatus.Root.class)
                .publicGet("/api/v1/health", this::health).returns(SystemStatus.Health.class)
                .answers(new Router.Answer(503, "Unhealthy: a store check failed (status \"unhealthy\", the database's "
                        + "status and, to a caller with a key, its error)", new Router.Returns(SystemStatus.Health.class, false, Json.SNAKE)))
                .get("/api/v1/machines", this::machines).returnsListOf(Views.MachineView.class)
                .get("/api/v1/machines/{machine_id}", this::machine).returns(Views.MachineView.class)
                .get("/api/v1/timeseries/energy", r -> series(r, Metric.ENERGY)).returns(Views.Series.class)
                .get("/api/v1/timeseries/power", r -> series(r, Metric.POWER)).returns(Views.Series.class)
                .get("/api/v1/timeseries/sec", r -> series(r, Metric.SEC)).returns(Views.Series.class)
                .get("/api/v1/timeseries/latest/{machine_id}", this::latest).returns(Views.LatestReading.class)
                .get("/api/v1/timeseries/multi-machine/energy", this::multiMachine).returns(Views.MultiMachine.class)
                .get("/api/v1/scheduler/status", r -> ApiResponse.ok(status().scheduler(Instant.now(), true))).returns(SystemStatus.Scheduler.class)
                .post("/api/v1/scheduler/trigger/{job_id}", this::trigger).returns(Views.Triggered.class)
                .post("/api/v1/readings", r -> ApiResponse.ok(ingestion().readings(r.body()))).returns(Views.IngestResult.class)
                .answers(BUSY_HOUR)
                .post("/api/v1/production", r -> ApiResponse.ok(ingestion().production(r.body()))).returns(Views.IngestResult.class)
                .answers(BUSY_HOUR)
                .post("/api/v1/weather", r -> ApiResponse.ok(ingestion().weather(r.body()))).returns(Views.WeatherIngestResult.class);
    }

    private SystemStatus status() {
        return new SystemStatus(settings, () -> List.of(DynamoDb.health(dynamoDb.get(), settings.dynamoTables()).check()),
                catalog, jobs, () -> new SystemStatus.ModelsAndAnomalies(
                        // model metadata only: health never loads an artefact (and is granted no bucket)
                        new io.wattline.store.dynamodb.DynamoStateStore(dynamoDb.get(), settings.tables().state()),
                        new io.wattline.store.dynamodb.DynamoAnomalyLog(dynamoDb.get(), settings.tables().state())));
    }

    private Ingestion ingestion() {
        return new Ingestion(catalog.get(), telemetry.get(), new DynamoDailySnapshots(dynamoDb.get(), settings.tables().state()),
                new DynamoLateTelemetry(dynamoDb.get(), settings.tables().state()), settings.maxBatchRows(),
                settings.maxBodyBytes(), settings.timestreamTelemetry());
    }

    /** Readings and production share the hour items, whose room concurrent writers claim (DynamoTelemetryStore). */
    private static final Router.Answer BUSY_HOUR = new Router.Answer(409, "Other writes to one of the batch's machine-hours"
            + " kept claiming its room first, or claimed it less than 2 minutes ago and stopped half way; nothing was"
            + " stored: send the batch again", null);

    private ApiResponse health(ApiRequest r) {
        SystemStatus.Health body = r.caller() != null ? status().health(Instant.now())
                : settings.openReads() ? status().health(Instant.now()).openRead() : status().health(Instant.now(), false);
        return ApiResponse.json(body.healthy() ? 200 : 503, Json.SNAKE, body);
    }

    // ------------------------------------------------------------------ machines

    private ApiResponse machines(ApiRequest r) {
        Params p = r.params();
        Optional<String> type = p.optionalQuery("type", Params::nonBlank);
        Optional<UUID> factoryId = p.optionalQuery("factory_id", Params::uuid);
        Optional<String> search = p.optionalQuery("search", Params::text);
        boolean active = p.query("is_active", Params::bool, true);
        p.validate();
        CatalogStore catalog = this.catalog.get();
        Map<UUID, Factory> factories = factoriesById(catalog);
        MachineSearch query = new MachineSearch(search.orElse(""));
        List<Machine> candidates = catalog.machines().stream().filter(m -> m.active() == active)
                .filter(m -> type.isEmpty() || m.type().equalsIgnoreCase(type.get()))
                .filter(m -> factoryId.isEmpty() || m.factoryId().equals(factoryId.get())).toList();
        List<Machine> found = candidates.stream().filter(m -> query.matches(m, factories.get(m.factoryId()))).toList();
        if (found.isEmpty()) { // a word misheard or said another way: only then one letter off, or a stem
            found = candidates.stream().filter(m -> query.matchesLoosely(m, factories.get(m.factoryId()))).toList();
        }
        MachineSearch known = found.isEmpty() ? query.withoutUnknownWords(candidates, factories) : null;
        if (known != null) { // a qualifier no machine has ("air compressor"): the words the catalogue knows
            found = candidates.stream().filter(m -> known.matches(m, factories.get(m.factoryId()))).toList();
        }
        List<MachineView> out = new ArrayList<>();
        for (Machine m : found) {
            if (query.names(m)) out.add(0, MachineView.of(m, factories.get(m.factoryId())));
            else out.add(MachineView.of(m, factories.get(m.factoryId())));
        }
        return ApiResponse.ok(out);
    }

    private ApiResponse machine(ApiRequest r) {
        Params p = r.params();
        UUID id = p.path("machine_id", Params::uuid);
        p.validate();
        Machine m = machineOr404(id);
        return ApiResponse.ok(MachineView.of(m, catalog.get().factory(m.factoryId()).orElse(null)));
    }

    private Machine machineOr404(UUID id) {
        return catalog.get().machine(id).orElseThrow(() -> DomainException.NotFound.machine());
    }

    private static Map<UUID, Factory> factoriesById(CatalogStore catalog) {
        return catalog.factories().stream().collect(Collectors.toMap(Factory::id, Function.identity()));
    }

    // ------------------------------------------------------------------ time series

    /** {@code timezone}: null for UTC days, {@value #FACTORY_ZONE} for each machine's factory's, else a zone's id. */
    private record Range(Instant start, Instant end, Interval interval, String timezone) {
        /** The zone whose calendar days this range's 1day buckets of machine {@code m} are; UTC for other intervals. */
        ZoneId days(Machine m, CatalogStore catalog) {
            if (interval != Interval.DAY1 || timezone == null) return UTC;
            if (!FACTORY_ZONE.equals(timezone)) return ZoneId.of(timezone);
            return catalog.factory(m.factoryId()).map(Factory::zone).map(z -> z.equals(ZoneOffset.UTC) ? UTC : z).orElse(UTC);
        }
    }

    /** UTC as responses name it. */
    private static final ZoneId UTC = ZoneId.of("UTC");

    /** The {@code timezone} that means each machine's factory's zone. */
    static final String FACTORY_ZONE = "factory";

    private static Range range(Params p) {
        Instant start = p.query("start_time", Params::dateTime);
        Instant end = p.query("end_time", Params::dateTime);
        Interval interval = p.query("interval", Params.oneOf(Interval.LITERALS, Interval::of));
        String timezone = p.optionalQuery("timezone", DataFunction::timezone).orElse(null);
        p.validate();
        if (!start.isBefore(end)) throw new ApiException(400, "Invalid time range");
        return new Range(start, end, interval, timezone);
    }

    /** A {@code timezone} parameter: {@value #FACTORY_ZONE}, or a zone the JDK knows (Europe/Berlin, UTC, +05:30). */
    static String timezone(String raw) {
        if (FACTORY_ZONE.equals(raw)) return raw;
        try {
            return ZoneId.of(raw).getId();
        } catch (java.time.DateTimeException e) {
            // (no quoted literal: the API document reads a quoted word as the only value allowed)
            throw new Params.Invalid("value_error", "Input should be a time zone name such as Europe/Berlin or UTC, or factory for"
                    + " the machine's factory's zone");
        }
    }

    /** {@code days}: each machine's zone of days ({@link Range#days}), looked up once per request. */
    private static void checkSize(Range range, List<ZoneId> days) {
        // the buckets [start, end) touches: an aligned range holds exactly (end - start) / length of them
        long buckets = touched(range, range.interval.length()) * days.size();
        if (buckets > Timeseries.MAX_POINTS) {
            throw new ApiException(400, "Time range too long for interval '" + range.interval.literal() + "': at most "
                    + Timeseries.MAX_POINTS + " points per request; use a coarser interval or a shorter range");
        }
        // a local day is summed from its hours: count what is read
        long hours = days.stream().filter(zone -> Timeseries.localDays(range.interval, zone)).count()
                * touched(range, Duration.ofHours(1));
        if (hours > Timeseries.MAX_LOCAL_DAY_HOURS) {
            throw new ApiException(400, "Time range too long for local days: at most " + Timeseries.MAX_LOCAL_DAY_HOURS
                    + " machine-hours per request; use a shorter range, fewer machines or UTC days (no timezone)");
        }
    }

    private static long touched(Range range, Duration length) {
        long ms = length.toMillis();
        return Math.floorDiv(range.end.toEpochMilli() - 1, ms) - Math.floorDiv(range.start.toEpochMilli(), ms) + 1;
    }

    private ApiResponse series(ApiRequest r, Metric metric) {
        Params p = r.params();
        UUID id = p.query("machine_id", Params::uuid);
        Range range = range(p);
        Machine m = machineOr404(id);
        ZoneId days = range.days(m, catalog.get());
        checkSize(range, List.of(days));
        Timeseries.Points series = new Timeseries(telemetry.get()).series(id, metric, range.interval, days, range.start,
                range.end, clock.get());
        List<DataPoint> points = series.points();
        return ApiResponse.ok(new Series(id, m.name(), metric.wire, range.interval.literal(), range.start, range.end,
                points, points.size(), metric.aggregation, days.getId(), points.isEmpty() ? (metric == Metric.SEC ? Series.NO_SEC : Series.NO_READINGS) : series.note()));
    }

    private ApiResponse latest(ApiRequest r) {
        Params p = r.params();
        UUID id = p.path("machine_id", Params::uuid);
        p.validate();
        Machine m = machineOr404(id);
        return telemetry.get().latest(id)
                .map(reading -> ApiResponse.ok(LatestReading.of(m, reading)))
                .orElseThrow(() -> DomainException.NotFound.noData());
    }

    private ApiResponse multiMachine(ApiRequest r) {
        Params p = r.params();
        List<UUID> ids = p.query("machine_ids", Params::uuidList);
        Range range = range(p);
        List<UUID> distinct = ids.stream().distinct().toList(); // a repeated id is answered once, and counted once
        List<Machine> machines = distinct.stream().map(this::machineOr404).toList();
        List<ZoneId> zones = machines.stream().map(m -> range.days(m, catalog.get())).toList();
        checkSize(range, zones);
        Timeseries ts = new Timeseries(telemetry.get());
        List<MachineSeries> out = new ArrayList<>();
        for (int i = 0; i < machines.size(); i++) {
            Machine m = machines.get(i);
            ZoneId days = zones.get(i);
            List<Rollup> buckets = ts.buckets(m.id(), range.interval, days, range.start, range.end);
            // no readings is not 0 kWh (the KPI routes answer such a period 404): null, beside an empty data_points
            Double total = buckets.isEmpty() ? null : Timeseries.round6(buckets.stream().mapToDouble(Rollup::energyKwh).sum());
            out.add(new MachineSeries(m.id(), m.name(), total, Timeseries.points(buckets, Metric.ENERGY),
                    days.getId()));
        }
        return ApiResponse.ok(new MultiMachine(range.start, range.end, range.interval.literal(), out));
    }

    // ------------------------------------------------------------------ scheduler

    private ApiResponse trigger(ApiRequest r) {
        Params p = r.params();
        String jobId = p.path("job_id", Params::nonBlank);
        p.validate();
        Job job = JobCatalog.find(jobId).orElseThrow(() -> new ApiException(404, "Job not found: " + jobId
                + " (known jobs: " + JobCatalog.all().stream().map(Job::id).collect(Collectors.joining(", ")) + ")"));
        try {
            jobTrigger.get().trigger(job, Instant.now());
        } catch (RuntimeException e) {
            // the SDK's message names endpoints and ARNs: it goes to the log, not to the caller
            org.slf4j.LoggerFactory.getLogger(DataFunction.class).error("job {} could not be triggered", job.id(), e);
            throw new ApiException(503, "Job could not be triggered; try again later");
        }
        return ApiResponse.ok(new Triggered(true, job.id(), "Job triggered successfully"));
    }
}
