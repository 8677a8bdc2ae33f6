package io.wattline.data;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.wattline.config.Settings;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobCatalog;
import io.wattline.store.CatalogStore;
import io.wattline.store.JobStore;
import io.wattline.store.StoreHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /}, {@code /api/v1/health} and {@code /api/v1/scheduler/status}: what is really there. */
final class SystemStatus {
    static final String SERVICE = "EnMS Analytics Service";
    static final String API_VERSION = "1.0.0";

    /** The seed's feature names of the functions the suite deploys (data, kpi, calibration, detection, anomaly, forecasting). */
    private static final List<String> FEATURES = List.of("time_series_analytics", "data_ingestion",
            "kpi_calculation", "comparison", "visualizations", "asset_health_twin", "baseline_regression",
            "anomaly_detection", "energy_forecasting");
    /** The model type the anomaly function registers its baselines under. */
    static final String BASELINE_MODEL_TYPE = "baseline";
    /** {@code recent_anomalies}: those detected in the last day, as {@code /anomaly/recent} counts by default. */
    static final java.time.Duration RECENT = java.time.Duration.ofHours(24);

    /** Where health reads the anomaly function's data: the model registry and the anomaly log (shared tables). */
    record ModelsAndAnomalies(io.wattline.store.StateStore models, io.wattline.store.AnomalyLog anomalies) {}

    private final Settings settings;
    private final Supplier<List<StoreHealth.Check>> health;
    private final Supplier<CatalogStore> catalog;
    private final Supplier<JobStore> jobs;
    private final Supplier<ModelsAndAnomalies> anomalyData;

    SystemStatus(Settings settings, Supplier<List<StoreHealth.Check>> health, Supplier<CatalogStore> catalog,
                 Supplier<JobStore> jobs, Supplier<ModelsAndAnomalies> anomalyData) {
        this.settings = settings;
        this.health = health;
        this.catalog = catalog;
        this.jobs = jobs;
        this.anomalyData = anomalyData;
    }

    /** {@code GET /}: where the API and its health are. */
    record Root(String service, String version, String status, Endpoints endpoints) {}

    /** Seed 001 order: Swagger UI, the dashboards, the API, its health; and the OpenAPI document itself. */
    record Endpoints(String docs, String ui, String api, String health, String openapi) {}

    static Root root() {
        return new Root(SERVICE, API_VERSION, "healthy", new Endpoints("/docs", "/ui/", "/api/v1", "/api/v1/health",
                "/openapi.json"));
    }

    /** The health body: the catalogue's counts only when the store answered, the error only when it did not. */
    record Health(String service, String version, String status, Database database, String telemetryBackend,
                  @JsonInclude(NON_NULL) Scheduler scheduler, List<String> features, @JsonInclude(NON_NULL) Integer factories,
                  @JsonInclude(NON_NULL) Integer machines, @JsonInclude(NON_NULL) Long activeMachines,
                  @JsonInclude(NON_NULL) Integer baselineModels, @JsonInclude(NON_NULL) Integer recentAnomalies,
                  Instant timestamp) {
        @JsonIgnore
        boolean healthy() {
            return status.equals("healthy");
        }

        /**
         * What a caller without a key sees: up or down, and nothing an attacker could aim at (the database's
         * endpoint and table names, the jobs and their last messages, the catalogue's counts).
         */
        Health anonymous() {
            return new Health(service, version, status, database.reachability(), telemetryBackend, null, features,
                    null, null, null, null, null, timestamp);
        }

        /**
         * What a caller without a key sees when reads are open ({@code AUTH_OPEN_READS}): what the read routes show
         * anyone then (the catalogue's counts, the jobs), so the seed's monitoring clients find their fields, but not the
         * database's endpoint and table names.
         */
        Health openRead() {
            return new Health(service, version, status, database.reachability(), telemetryBackend, scheduler, features,
                    factories, machines, activeMachines, baselineModels, recentAnomalies, timestamp);
        }
    }

    record Database(String status, String name, @JsonInclude(NON_NULL) String host,
                    @JsonInclude(NON_NULL) List<String> tables, long latencyMs, @JsonInclude(NON_NULL) String error) {
        /** Reached or not, and how fast: without the endpoint, the tables or the error's text. */
        Database reachability() {
            return new Database(status, name, null, null, latencyMs, null);
        }
    }

    record Scheduler(boolean enabled, boolean running, int jobCount, List<JobView> jobs) {}

    /** {@code next_run} and {@code last_run} are written as null when there is none. */
    record JobView(String id, String name, Instant nextRun, String trigger, String function, JobRun lastRun) {}

    record JobRun(Instant startedAt, Instant finishedAt, String status, String message) {
        /**
         * The longest any run can take: Lambda's longest timeout. A run "running" for longer stopped without recording
         * its outcome (a crash, a timeout): it read "running" until the job's next run, a week for baseline_retrain. A
         * run that recorded its invocation's deadline has stopped a minute after it (the grace: other instances' clocks).
         */
        static final java.time.Duration LONGEST_RUN = java.time.Duration.ofMinutes(15);

        static JobRun of(JobStore.JobRun r, Instant now) {
            if ("running".equals(r.status()) && r.finishedAt() == null && r.startedAt() != null) {
                String again = ": it stopped, by a crash or a timeout; it runs again at its next time, or POST"
                        + " /api/v1/scheduler/trigger/" + r.jobId();
                if (io.wattline.http.Invocation.ended(r.deadline(), now)) {
                    return new JobRun(r.startedAt(), null, "failed", "No outcome recorded by " + io.wattline.http.Times.iso(r.deadline())
                            + ", when its function's invocation ended" + again);
                }
                if (r.deadline() == null && r.startedAt().plus(LONGEST_RUN).isBefore(now)) {
                    return new JobRun(r.startedAt(), null, "failed", "No outcome recorded in the " + LONGEST_RUN.toMinutes()
                            + " minutes since it started (the longest a run can take)" + again);
                }
            }
            return new JobRun(r.startedAt(), r.finishedAt(), r.status(), r.message());
        }
    }

    /** Health in full, for a caller with a key. */
    Health health(Instant now) {
        return health(now, true);
    }

    /**
     * {@code full} false: what {@link Health#anonymous()} shows, without reading what it would hide (monitors poll
     * health without a key: one store check, nothing else).
     */
    Health health(Instant now, boolean full) {
        List<StoreHealth.Check> checks = health.get();
        boolean ok = checks.stream().allMatch(StoreHealth.Check::ok);
        StoreHealth.Check db = checks.get(0);
        Database database = new Database(db.ok() ? "connected" : "unreachable", "dynamodb",
                settings.dynamoDbEndpoint().map(Object::toString).orElse("dynamodb." + settings.region() + ".amazonaws.com"),
                settings.tables().all(), db.latencyMs(), db.ok() ? null : db.detail());
        Integer factories = null, machines = null;
        Long active = null;
        int baselines = 0, anomalies = 0;
        if (!full) {
            return new Health(SERVICE, API_VERSION, ok ? "healthy" : "unhealthy", database, settings.telemetryBackend(),
                    null, FEATURES, null, null, null, null, null, now).anonymous();
        }
        if (ok) {
            var all = catalog.get().machines();
            factories = catalog.get().factories().size();
            machines = all.size();
            active = all.stream().filter(m -> m.active()).count();
            ModelsAndAnomalies data = anomalyData.get();
            baselines = io.wattline.store.ModelRegistry.activeOfType(data.models(), BASELINE_MODEL_TYPE).size(); // machines with an active baseline
            anomalies = data.anomalies().detectedBetween(now.minus(RECENT), now.plusMillis(1)).size();
        }
        return new Health(SERVICE, API_VERSION, ok ? "healthy" : "unhealthy", database, settings.telemetryBackend(),
                scheduler(now, ok), FEATURES, factories, machines, active, baselines, anomalies, now);
    }

    Scheduler scheduler(Instant now, boolean storeReachable) {
        boolean enabled = settings.schedulerEnabled();
        List<JobView> views = new ArrayList<>();
        Map<String, JobStore.JobRun> last = storeReachable
                ? jobs.get().lastRuns(JobCatalog.all().stream().map(Job::id).toList()) : Map.of();
        for (Job job : JobCatalog.all()) {
            JobStore.JobRun run = last.get(job.id());
            views.add(new JobView(job.id(), job.name(), enabled ? job.cron().next(now) : null, job.cron().describe(),
                    job.function(), run == null ? null : JobRun.of(run, now)));
        }
        return new Scheduler(enabled, enabled, JobCatalog.all().size(), views);
    }
}
