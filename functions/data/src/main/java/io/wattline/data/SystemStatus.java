package io.wattline.data;

import io.wattline.config.Settings;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobCatalog;
import io.wattline.store.JobStore;
import io.wattline.store.StoreHealth;
import io.wattline.store.CatalogStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    static Map<String, Object> root() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", SERVICE);
        body.put("version", API_VERSION);
        body.put("status", "healthy");
        body.put("endpoints", Map.of("api", "/api/v1", "health", "/api/v1/health"));
        return body;
    }

    /** The health body and whether every check passed. */
    Map<String, Object> health(Instant now) {
        List<StoreHealth.Check> checks = health.get();
        boolean ok = checks.stream().allMatch(StoreHealth.Check::ok);
        StoreHealth.Check db = checks.get(0);
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("status", db.ok() ? "connected" : "unreachable");
        database.put("name", "dynamodb");
        database.put("host", settings.dynamoDbEndpoint().map(Object::toString)
                .orElse("dynamodb." + settings.region() + ".amazonaws.com"));
        database.put("tables", settings.tables().all());
        database.put("latency_ms", db.latencyMs());
        if (!db.ok()) database.put("error", db.detail());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", SERVICE);
        body.put("version", API_VERSION);
        body.put("status", ok ? "healthy" : "unhealthy");
        body.put("database", database);
        body.put("telemetry_backend", settings.telemetryBackend());
        body.put("scheduler", scheduler(now, ok));
        body.put("features", FEATURES);
        if (ok) {
            var machines = catalog.get().machines();
            body.put("factories", catalog.get().factories().size());
            body.put("machines", machines.size());
            body.put("active_machines", machines.stream().filter(m -> m.active()).count());
        }
        // The baseline and anomaly services of seed 001 are not part of this deployment yet: none exist.
        body.put("baseline_models", 0);
        body.put("recent_anomalies", 0);
        body.put("timestamp", now);
        body.put("healthy", ok);
        return body;
    }

    Map<String, Object> scheduler(Instant now, boolean storeReachable) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean enabled = settings.schedulerEnabled();
        body.put("enabled", enabled);
        body.put("running", enabled);
        body.put("job_count", JobCatalog.all().size());
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Job job : JobCatalog.all()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", job.id());
            j.put("name", job.name());
            j.put("next_run", enabled ? job.cron().next(now) : null);
            j.put("trigger", job.cron().describe());
            j.put("function", job.function());
            j.put("last_run", storeReachable ? this.jobs.get().lastRun(job.id()).map(SystemStatus::run).orElse(null) : null);
            jobs.add(j);
        }
        body.put("jobs", jobs);
        return body;
    }

    private static Map<String, Object> run(JobStore.JobRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started_at", r.startedAt());
        m.put("finished_at", r.finishedAt());
        m.put("status", r.status());
        m.put("message", r.message());
        return m;
    }
}
