package io.wattline.local;

import io.wattline.config.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole suite on one machine: storage, the functions of the catalogue, the HTTP gateway and
 * the scheduler, wired with the same {@link Settings} the functions read on AWS.
 */
public final class LocalCloud implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCloud.class);

    /**
     * How to start: where data lives, where to listen, what to seed.
     *
     * @param live keep the demo plant live: new readings every minute ({@link DemoFeed}); only with seeding
     * @param openReads read routes answer without a key ({@code AUTH_OPEN_READS}); off by default, as on AWS
     * @param models make the demo machines' baselines, anomalies and forecasts in the background ({@link DemoModels});
     *               only with seeding
     */
    public record Options(Path dataDir, boolean inMemory, String host, int port, int seedDays, long seed,
                          boolean scheduler, boolean live, PrintStream progress, boolean openReads, boolean models) {
        public Options(Path dataDir, boolean inMemory, String host, int port, int seedDays, long seed,
                       boolean scheduler, boolean live, PrintStream progress) {
            this(dataDir, inMemory, host, port, seedDays, seed, scheduler, live, progress, false, false);
        }

        /** The command's defaults but for the demo's models, which a test asks for when it wants them. */
        public static Options defaults() {
            return new Options(Path.of(".local-cloud"), false, "127.0.0.1", 8001, 30, 42, true, true, System.out, false, false);
        }

        public Options withDataDir(Path dir) { return new Options(dir, inMemory, host, port, seedDays, seed, scheduler, live, progress, openReads, models); }
        public Options withInMemory(boolean v) { return new Options(dataDir, v, host, port, seedDays, seed, scheduler, live, progress, openReads, models); }
        public Options withPort(int p) { return new Options(dataDir, inMemory, host, p, seedDays, seed, scheduler, live, progress, openReads, models); }
        public Options withSeedDays(int d) { return new Options(dataDir, inMemory, host, port, d, seed, scheduler, live, progress, openReads, models); }
        public Options withSeed(long s) { return new Options(dataDir, inMemory, host, port, seedDays, s, scheduler, live, progress, openReads, models); }
        public Options withScheduler(boolean v) { return new Options(dataDir, inMemory, host, port, seedDays, seed, v, live, progress, openReads, models); }
        public Options withLive(boolean v) { return new Options(dataDir, inMemory, host, port, seedDays, seed, scheduler, v, progress, openReads, models); }
        public Options withProgress(PrintStream p) { return new Options(dataDir, inMemory, host, port, seedDays, seed, scheduler, live, p, openReads, models); }
        public Options withOpenReads(boolean v) { return new Options(dataDir, inMemory, host, port, seedDays, seed, scheduler, live, progress, v, models); }
        public Options withModels(boolean v) { return new Options(dataDir, inMemory, host, port, seedDays, seed, scheduler, live, progress, openReads, v); }
    }

    private final LocalStorage storage;
    private final Settings settings;
    private final Stores stores;
    private final LocalFunctions functions;
    private final Gateway gateway;
    private final Scheduler scheduler;
    private final Seeder.Result seeding;
    private final DemoFeed feed;
    private final DemoModels models;
    private final Path endpointsFile;

    private LocalCloud(Options options) throws IOException, InterruptedException {
        // a busy port is found before minutes of seeding, not after them
        if (options.port() != 0) requireFreePort(options.host(), options.port());
        storage = LocalStorage.start(options.dataDir(), options.inMemory());
        int port = options.port() == 0 ? LocalStorage.freePort() : options.port();
        Map<String, String> env = new HashMap<>(storage.environment());
        env.put("LAMBDA_ENDPOINT", "http://" + options.host() + ":" + port);
        env.put("SCHEDULER_ENABLED", Boolean.toString(options.scheduler()));
        env.put("AUTH_OPEN_READS", Boolean.toString(options.openReads()));
        String cors = System.getenv("CORS_ALLOW_ORIGINS"); // a browser UI on another origin: named by the operator
        if (cors != null) env.put("CORS_ALLOW_ORIGINS", cors);
        settings = Settings.from(env);
        LocalStorage.provision(settings);
        stores = new Stores(settings);
        seeding = options.seedDays() > 0
                ? new Seeder(stores.catalog(), stores.telemetry(), stores.state(),
                        options.progress()).run(options.seedDays(), options.seed(), Instant.now())
                : null;
        // keys an earlier version kept in the state table move to the keys table; the development key (local only,
        // write scope) opens every route
        var migration = stores.keys().migrate();
        if (!migration.moved().isEmpty()) LOG.info("{} API keys moved from the state table to the keys table", migration.moved().size());
        for (String item : migration.unreadable()) LOG.warn("left in the state table, not a key: {}", item);
        // (one developer, no quota: ./wattline bench load drives it at hundreds of requests a second)
        var dev = stores.keys().ensure(io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY, "local development",
                io.wattline.store.KeyStore.Scope.WRITE, io.wattline.store.KeyStore.NO_QUOTA, Instant.now());
        if (dev.requestsPerMinute() != io.wattline.store.KeyStore.NO_QUOTA) {
            stores.keys().setQuota(dev.keyId(), io.wattline.store.KeyStore.NO_QUOTA);
        }
        failWhatTheLastRunLeftOpen();
        endpointsFile = options.dataDir().resolve("endpoints.env");
        writeEndpoints(env);
        functions = new LocalFunctions(settings);
        gateway = new Gateway(functions, options.host(), port, settings.maxBodyBytes(), settings.corsOrigins());
        scheduler = new Scheduler(functions, settings);
        if (options.scheduler()) scheduler.start();
        feed = seeding != null && options.live()
                ? new DemoFeed(new DemoPlant(options.seed(), seeding.anchor()), new IngestClient(gateway.url()),
                        stores.telemetry(), seeding.end(), settings.maxBatchRows()).start()
                : null;
        models = seeding != null && options.models()
                ? DemoModels.start(gateway.url(), seeding.end().minus(java.time.Duration.ofDays(options.seedDays())),
                        seeding.end(), options.progress())
                : null;
        LOG.info("local cloud ready: API at {} ({} routes, {} functions){}", gateway.url(),
                Gateway.routeKeys(functions).size(), functions.all().size(),
                feed != null ? "; the demo plant is live (new readings every minute)" : "");
        if (gateway.ui().built()) {
            LOG.info("dashboards at {}/ui/", gateway.url());
        } else {
            LOG.info("dashboards at {}/ui/ are not built ({} is missing): cd ui && npm ci && npm run build",
                    gateway.url(), gateway.ui().root().resolve("index.html"));
        }
    }

    /** The gateway's port is taken (most often by a local cloud already running): a user's mistake, said in one line. */
    public static final class PortInUse extends IllegalStateException {
        PortInUse(String host, int port) {
            super("port " + port + " on " + host + " is in use (is a local cloud already running? --port N picks another)");
        }
    }

    private static void requireFreePort(String host, int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new PortInUse(host, port);
        }
    }

    /**
     * Trainings and job runs an earlier run of the local cloud left open ran in its JVM, which is gone: failed now, not
     * read as running until their deadlines (after a restart, retraining was refused for up to 11 minutes).
     */
    private void failWhatTheLastRunLeftOpen() {
        String why = "the local cloud stopped while it ran";
        var trainings = new io.wattline.lifecycle.ModelLifecycle(stores.state(), Instant::now).failOpen(why);
        if (!trainings.isEmpty()) LOG.info("{} trainings left open by the last run failed: {}", trainings.size(), why);
        var jobs = stores.jobs();
        for (var run : jobs.lastRuns(io.wattline.jobs.JobCatalog.all().stream().map(io.wattline.jobs.Job::id).toList()).values()) {
            if ("running".equals(run.status()) && run.finishedAt() == null) {
                jobs.record(new io.wattline.store.JobStore.JobRun(run.jobId(), run.startedAt(), Instant.now(), "failed",
                        "Stopped: " + why + "; it runs again at its next time, or POST /api/v1/scheduler/trigger/" + run.jobId()));
            }
        }
    }

    public static LocalCloud start(Options options) {
        io.wattline.logging.JsonLogging.install();
        try {
            return new LocalCloud(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    /** The storage endpoints and credentials, for {@code ./wattline keys --local} while this cloud runs. */
    private void writeEndpoints(Map<String, String> env) {
        StringBuilder sb = new StringBuilder("# written by the running local cloud, removed when it stops\n");
        new java.util.TreeMap<>(env).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        try {
            java.nio.file.Files.writeString(endpointsFile, sb);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", endpointsFile, e.toString());
        }
    }

    public URI url() { return gateway.url(); }
    LocalStorage storage() { return storage; }
    public Settings settings() { return settings; }
    public Stores stores() { return stores; }
    public LocalFunctions functions() { return functions; }
    public Seeder.Result seeding() { return seeding; }
    /** The live demo feed, or null (no seeding, or {@code --no-live}). */
    public DemoFeed feed() { return feed; }
    /** The demo models' run, or null (no seeding, or not asked for). */
    DemoModels models() { return models; }

    /** Fires a job now, as its rule would (tests and the README's demo use it). */
    public String fire(String jobId) {
        return scheduler.fire(io.wattline.jobs.JobCatalog.find(jobId)
                .orElseThrow(() -> new IllegalArgumentException("no job " + jobId)), Instant.now());
    }

    @Override
    public void close() {
        try {
            java.nio.file.Files.deleteIfExists(endpointsFile);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", endpointsFile, e.toString());
        }
        if (models != null) models.close();
        if (feed != null) feed.close();
        scheduler.close();
        gateway.close();
        storage.close();
    }
}
