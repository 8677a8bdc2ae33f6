package io.wattline.kpi;

import io.wattline.analytics.kpi.Comparison;
import io.wattline.analytics.kpi.KpiResult;
import io.wattline.config.Lazy;
import io.wattline.config.Settings;
import io.wattline.domain.Department;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.http.ApiException;
import io.wattline.http.ApiRequest;
import io.wattline.http.ApiResponse;
import io.wattline.http.ErrorStyle;
import io.wattline.http.Json;
import io.wattline.http.LambdaFunction;
import io.wattline.http.Params;
import io.wattline.http.Router;
import io.wattline.http.Times;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobRuns;
import io.wattline.store.JobStore;
import io.wattline.kpi.store.DynamoKpiSnapshotStore;
import io.wattline.store.TelemetryStores;
import io.wattline.store.dynamodb.DynamoCatalogStore;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.store.dynamodb.DynamoJobStore;
import io.wattline.store.dynamodb.DynamoTelemetryStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The KPI context of seed 001: KPIs of a machine over a period, machine comparison, the Sankey energy
 * flow, hourly and daily heatmaps, and the daily {@code kpi_calculate} job that stores day snapshots.
 * Handlers bind and check parameters (422, then 400 for a reversed range, then 404), call
 * {@link KpiService}, and answer the records of {@link KpiViews}.
 */
public class KpiFunction extends LambdaFunction {
    public static final String JOB_ID = "kpi_calculate";
    /** The longest KPI or comparison period, in days (about ten years of day snapshots). */
    static final long MAX_DAYS = 3660;
    static final long MAX_HOURLY_HEATMAP_DAYS = 92;
    static final long MAX_DAILY_HEATMAP_DAYS = 1096;

    private final Supplier<KpiService> service;
    private final Supplier<JobStore> jobs;

    /** The Lambda runtime's constructor: settings from the environment. */
    public KpiFunction() {
        this(Settings.fromEnv());
    }

    /** Wires this function's adapters; each client is built on the first request that needs it. */
    public KpiFunction(Settings settings) {
        Lazy<DynamoDbClient> db = Lazy.of(() -> DynamoDb.client(settings));
        this.service = Lazy.of(() -> new KpiService(
                new DynamoCatalogStore(db.get(), settings.tables().catalog()),
                TelemetryStores.select(settings, () -> new DynamoTelemetryStore(db.get(), settings)),
                new DynamoKpiSnapshotStore(db.get(), settings.tables().state()),
                new io.wattline.store.dynamodb.DynamoAnomalyLog(db.get(), settings.tables().state()),
                new io.wattline.store.dynamodb.DynamoLateTelemetry(db.get(), settings.tables().state()),
                Instant::now));
        this.jobs = Lazy.of(() -> new DynamoJobStore(db.get(), settings.tables().state()));
    }

    /** Wiring for tests: a service over any ports, and an optional job store. */
    public KpiFunction(KpiService service, JobStore jobs) {
        this.service = () -> service;
        this.jobs = () -> jobs;
    }

    @Override
    protected Router createRouter() {
        return new Router(ErrorStyle.FASTAPI)
                .get("/api/v1/kpi/all", r -> kpi(r, KpiViews.AllKpisReport::of)).returns(KpiViews.AllKpisReport.class)
                .get("/api/v1/kpi/sec", r -> kpi(r, KpiViews.SecReport::of)).returns(KpiViews.SecReport.class)
                .get("/api/v1/kpi/peak-demand", r -> kpi(r, KpiViews.PeakDemandReport::of)).returns(KpiViews.PeakDemandReport.class)
                .get("/api/v1/kpi/load-factor", r -> kpi(r, KpiViews.LoadFactorReport::of)).returns(KpiViews.LoadFactorReport.class)
                .get("/api/v1/kpi/energy-cost", r -> kpi(r, KpiViews.EnergyCostReport::of)).returns(KpiViews.EnergyCostReport.class)
                .get("/api/v1/kpi/carbon", r -> kpi(r, KpiViews.CarbonReport::of)).returns(KpiViews.CarbonReport.class)
                .get("/api/v1/comparison/available", this::available).returnsListOf(KpiViews.ComparableMachine.class)
                .get("/api/v1/comparison/machines", this::compare).returns(KpiViews.ComparisonReport.class)
                .get("/api/v1/sankey/factories", this::sankeyFactories).returnsListOf(KpiViews.SankeyFactory.class)
                .get("/api/v1/sankey/data", this::sankey).returns(KpiViews.SankeyDiagram.class)
                .get("/api/v1/heatmap/hourly", r -> heatmap(r, true)).returns(KpiViews.HeatmapReport.class)
                .get("/api/v1/heatmap/daily", r -> heatmap(r, false)).returns(KpiViews.HeatmapReport.class);
    }

    private KpiService svc() {
        return service.get();
    }

    // ------------------------------------------------------------------ KPIs

    /** The body of one KPI route, with the stretches of the period a stuck meter did not measure (an extension). */
    private interface View {
        Record of(Machine m, KpiResult k, List<KpiService.Unmeasured> unmeasured);
    }

    /** A KPI route's machine and period, read and checked as every KPI route reads them. */
    private record KpiQuery(KpiService.Context context, Instant start, Instant end) {}

    private KpiQuery kpiQuery(ApiRequest r) {
        Params p = r.params();
        UUID id = p.query("machine_id", Params::uuid);
        Instant start = p.query("start", Params::dateTime);
        Instant end = p.query("end", Params::dateTime);
        p.validate();
        Times.checkPeriod(start, end, MAX_DAYS, "per request");
        return new KpiQuery(svc().context(id), start, end);
    }

    /**
     * Every KPI route says which stretches of its period a stuck meter did not measure: a figure read alone (kpi/sec's
     * SEC over such hours) said nothing of it, where kpi/all warned.
     */
    private ApiResponse kpi(ApiRequest r, View view) {
        KpiQuery q = kpiQuery(r);
        return ApiResponse.ok(view.of(q.context().machine(), svc().kpis(q.context(), q.start(), q.end()),
                svc().unmeasured(q.context().machine().id(), q.start(), q.end())));
    }

    /** The days a date route answers for: the stores' keys hold four-digit years, and a local day spans two UTC ones. */
    static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1), LAST_DAY = LocalDate.of(9998, 12, 31);

    private static void checkDates(LocalDate first, LocalDate last, long maxDays, String hint) {
        if (first.isAfter(last)) throw ApiException.badRequest("Invalid time range");
        if (first.isBefore(FIRST_DAY) || last.isAfter(LAST_DAY)) {
            throw ApiException.badRequest("Dates must be between " + FIRST_DAY + " and " + LAST_DAY);
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > maxDays) {
            throw ApiException.badRequest("Time range too long: at most " + maxDays + " days per request" + hint);
        }
    }

    // ------------------------------------------------------------------ comparison

    private ApiResponse available(ApiRequest r) {
        Map<UUID, Factory> factories = svc().factories();
        Map<UUID, Department> departments = svc().departments();
        return ApiResponse.ok(svc().activeMachines().stream().map(m -> KpiViews.ComparableMachine.of(m,
                factories.get(m.factoryId()), m.departmentId() == null ? null : departments.get(m.departmentId()))).toList());
    }

    static final String METRICS_MSG = "Input should be 'energy', 'power', 'sec' or 'cost'";

    static List<Comparison.Metric> metrics(String raw) {
        LinkedHashSet<Comparison.Metric> out = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            String m = part.strip().toLowerCase(java.util.Locale.ROOT);
            if (m.isEmpty()) continue;
            if (!Comparison.Metric.LITERALS.contains(m)) throw new Params.Invalid("enum", METRICS_MSG);
            out.add(Comparison.Metric.of(m));
        }
        if (out.isEmpty()) throw new Params.Invalid("too_short", "List should have at least 1 item");
        return List.copyOf(out);
    }

    private ApiResponse compare(ApiRequest r) {
        Params p = r.params();
        List<UUID> ids = p.query("machine_ids", Params::uuidList);
        LocalDate first = p.query("start_date", Params::date);
        LocalDate last = p.query("end_date", Params::date);
        List<Comparison.Metric> metrics = p.query("metrics", KpiFunction::metrics,
                List.of(Comparison.Metric.ENERGY, Comparison.Metric.POWER, Comparison.Metric.SEC, Comparison.Metric.COST));
        p.validate();
        checkDates(first, last, MAX_DAYS, "");
        Comparison.Result result = svc().compare(ids, first, last, metrics);
        // the factories' coincident peaks where peaks or costs were asked for: the machines' added up overstate a bill
        boolean peaks = metrics.contains(Comparison.Metric.POWER) || metrics.contains(Comparison.Metric.COST);
        return ApiResponse.ok(KpiViews.ComparisonReport.of(first, last, result, metrics,
                peaks ? svc().coincidentPeaks(result, first, last) : List.of()));
    }

    // ------------------------------------------------------------------ Sankey

    private ApiResponse sankeyFactories(ApiRequest r) {
        return ApiResponse.ok(svc().factories().values().stream().map(KpiViews.SankeyFactory::of).toList());
    }

    private ApiResponse sankey(ApiRequest r) {
        Params p = r.params();
        Optional<UUID> factoryId = p.optionalQuery("factory_id", Params::uuid);
        Optional<LocalDate> date = p.optionalQuery("date", Params::date);
        p.validate();
        List<Factory> shown = factoryId.isPresent() ? List.of(svc().factory(factoryId.get()))
                : List.copyOf(svc().factories().values());
        // each factory's day is cut in its own local time; by default the last day that is over in every factory shown
        // (the UTC calendar's yesterday was still running in Los Angeles for its first 8 hours)
        LocalDate day = date.orElseGet(() -> shown.stream().map(f -> LocalDate.ofInstant(svc().now(), f.zone()).minusDays(1))
                .min(LocalDate::compareTo).orElse(LocalDate.ofInstant(svc().now(), ZoneOffset.UTC).minusDays(1)));
        checkDates(day, day, 1, "");
        return ApiResponse.ok(KpiViews.SankeyDiagram.of(svc().sankey(shown, day), day));
    }

    // ------------------------------------------------------------------ heatmaps

    private ApiResponse heatmap(ApiRequest r, boolean hourly) {
        Params p = r.params();
        Optional<UUID> machineId = p.optionalQuery("machine_id", Params::uuid);
        Optional<UUID> factoryId = p.optionalQuery("factory_id", Params::uuid); // an extension: one factory's machines
        LocalDate first = p.query("start_date", Params::date);
        LocalDate last = p.query("end_date", Params::date);
        p.validate();
        checkDates(first, last, hourly ? MAX_HOURLY_HEATMAP_DAYS : MAX_DAILY_HEATMAP_DAYS,
                hourly ? "; use /api/v1/heatmap/daily for longer ranges" : "");
        if (machineId.isPresent() && factoryId.isPresent()) {
            throw ApiException.badRequest("Give machine_id or factory_id, not both");
        }
        Machine machine = machineId.map(svc()::machine).orElse(null);
        factoryId.ifPresent(svc()::factory); // an unknown factory is "Factory not found", as the Sankey's
        // every machine of the plant or factory, as the Sankey counts them: an inactive one adds only what it metered
        List<Machine> machines = machine != null ? List.of(machine) : svc().machines().stream()
                .filter(m -> factoryId.map(m.factoryId()::equals).orElse(true)).toList();
        if (machines.isEmpty()) {
            throw factoryId.isPresent() ? new io.wattline.domain.DomainException.NotFound("No machine in factory "
                    + factoryId.get()) : io.wattline.domain.DomainException.NotFound.noData();
        }
        if (hourly) {
            KpiService.HourlyHeatmap h = svc().hourly(machines, first, last);
            return ApiResponse.ok(KpiViews.HeatmapReport.of(machine, first, last, KpiViews.HourCell.of(h.cells()), h.zone().getId()));
        }
        return ApiResponse.ok(KpiViews.HeatmapReport.of(machine, first, last, KpiViews.DayCell.of(svc().daily(machines, first, last)),
                svc().commonZone(machines).map(java.time.ZoneId::getId).orElse("factory")));
    }

    // ------------------------------------------------------------------ the daily job

    @Override
    protected Map<String, Object> runJob(Job job, Instant scheduledTime) {
        if (!JOB_ID.equals(job.id())) return super.runJob(job, scheduledTime); // not ours: the core's answer
        return new JobRuns(jobs).run(job, () -> {
            KpiService.JobOutcome outcome = svc().snapshotJob(scheduledTime);
            String status = outcome.failures().isEmpty() ? "success" : outcome.machines() == 0 ? "failed" : "partial";
            String message = outcome.snapshots() + " day snapshots for " + outcome.machines() + " machines"
                    + (outcome.repairedHours() > 0 ? ", " + outcome.repairedHours() + " hour roll-ups repaired" : "")
                    + (outcome.failures().isEmpty() ? "" : "; failed: " + String.join(", ", outcome.failures()));
            KpiViews.JobResult result = new KpiViews.JobResult(job.id(), status, outcome.machines(), outcome.snapshots(),
                    outcome.failures());
            // the core's runJob answers a map (the Lambda's result, also logged): the record in its wire names
            return new JobRuns.Outcome<>(status, message, Json.SNAKE.toMap(result));
        });
    }

    /** Runs a job as its scheduled event would (tests). */
    Map<String, Object> runJobForTest(Job job, Instant time) {
        return runJob(job, time);
    }
}
