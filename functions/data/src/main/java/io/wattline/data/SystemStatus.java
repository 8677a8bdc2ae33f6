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
import java.util.function.Supplier;

/** {@code GET /}, {@code /api/v1/health} and {@code /api/v1/scheduler/status}: what is really there. */
final class SystemStatus {
    static final String SERVICE = "EnMS Analytics Service";
    static final String API_VERSION = "1.0.0";

    /** The seed's feature names of the functions the suite deploys (data, kpi, calibration, detection). */
    private static final List<String> FEATURES = List.of("time_series_analytics", "data_ingestion",
            "kpi_calculation", "comparison", "visualizations", "asset_health_twin", "anomaly_detection");

    private final Settings settings;
    private final Supplier<List<StoreHealth.Check>> health;
    private final Supplier<CatalogStore> catalog;
    private final Supplier<JobStore> jobs;

    SystemStatus(Settings settings, Supplier<List<StoreHealth.Check>> health, Supplier<CatalogStore> catalog,
                 Supplier<JobStore> jobs) {
        this.settings = settings;
        this.health = health;
        this.catalog = catalog;
        this.jobs = jobs;
    }

    /** {@code GET /}: where the API and its health are. */
    record Root(String service, String version, String status, Endpoints endpoints) {}

    /** Seed 001 order; {@code docs} comes with the OpenAPI document (issue 14). */
    record Endpoints(String ui, String api, String health) {}

    static Root root() {
        return new Root(SERVICE, API_VERSION, "healthy", new Endpoints("/ui/", "/api/v1", "/api/v1/health"));
    }

    /** The health body: the catalogue's counts only when the store answered, the error only when it did not. */
    record Health(String service, String version, String status, Database database, String telemetryBackend,
                  Scheduler scheduler, List<String> features, @JsonInclude(NON_NULL) Integer factories,
                  @JsonInclude(NON_NULL) Integer machines, @JsonInclude(NON_NULL) Long activeMachines,
                  int baselineModels, int recentAnomalies, Instant timestamp) {
        @JsonIgnore
        boolean healthy() {
            return status.equals("healthy");
        }
    }

    record Database(String status, String name, String host, List<String> tables, long latencyMs,
                    @JsonInclude(NON_NULL) String error) {}

    record Scheduler(boolean enabled, boolean running, int jobCount, List<JobView> jobs) {}

    /** {@code next_run} and {@code last_run} are written as null when there is none. */
    record JobView(String id, String name, Instant nextRun, String trigger, String function, JobRun lastRun) {}

    record JobRun(Instant startedAt, Instant finishedAt, String status, String message) {
        static JobRun of(JobStore.JobRun r) {
            return new JobRun(r.startedAt(), r.finishedAt(), r.status(), r.message());
        }
    }

    Health health(Instant now) {
        List<StoreHealth.Check> checks = health.get();
        boolean ok = checks.stream().allMatch(StoreHealth.Check::ok);
        StoreHealth.Check db = checks.get(0);
        Database database = new Database(db.ok() ? "connected" : "unreachable", "dynamodb",
                settings.dynamoDbEndpoint().map(Object::toString).orElse("dynamodb." + settings.region() + ".amazonaws.com"),
                settings.tables().all(), db.latencyMs(), db.ok() ? null : db.detail());
        Integer factories = null, machines = null;
        Long active = null;
        if (ok) {
            var all = catalog.get().machines();
            factories = catalog.get().factories().size();
            machines = all.size();
            active = all.stream().filter(m -> m.active()).count();
        }
        // The baseline and anomaly services of seed 001 are not part of this deployment yet: none exist.
        return new Health(SERVICE, API_VERSION, ok ? "healthy" : "unhealthy", database, settings.telemetryBackend(),
                scheduler(now, ok), FEATURES, factories, machines, active, 0, 0, now);
    }

    Scheduler scheduler(Instant now, boolean storeReachable) {
        boolean enabled = settings.schedulerEnabled();
        List<JobView> views = new ArrayList<>();
        for (Job job : JobCatalog.all()) {
            views.add(new JobView(job.id(), job.name(), enabled ? job.cron().next(now) : null, job.cron().describe(),
                    job.function(), storeReachable ? jobs.get().lastRun(job.id()).map(JobRun::of).orElse(null) : null));
        }
        return new Scheduler(enabled, enabled, JobCatalog.all().size(), views);
    }
}
