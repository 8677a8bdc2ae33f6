package io.wattline.store.aws;

import io.wattline.config.Settings;
import io.wattline.jobs.JobTrigger;
import io.wattline.jobs.TaskSubmitter;
import io.wattline.store.ArtifactStore;
import io.wattline.store.BaselineStore;
import io.wattline.store.KeyStore;
import io.wattline.store.UsageStore;
import io.wattline.store.dynamodb.DynamoDetectionStores;
import io.wattline.store.CatalogStore;
import io.wattline.store.JobStore;
import io.wattline.store.StateStore;
import io.wattline.store.StoreHealth;
import io.wattline.store.TelemetryStore;
import io.wattline.store.dynamodb.DynamoCatalogStore;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.store.dynamodb.DynamoJobStore;
import io.wattline.store.dynamodb.DynamoStateStore;
import io.wattline.store.dynamodb.DynamoTelemetryStore;
import io.wattline.store.lambda.LambdaJobTrigger;
import io.wattline.store.lambda.LambdaTaskSubmitter;
import io.wattline.store.s3.S3ArtifactStore;
import io.wattline.store.timestream.TimestreamTelemetryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The wiring from settings to adapters, done once. Every client is built on first use, so a function
 * only pays (at cold start) for the services its request touches.
 */
public final class Stores {
    private final Settings settings;
    private final Supplier<DynamoDbClient> dynamo;
    private final Supplier<CatalogStore> catalog;
    private final Supplier<TelemetryStore> telemetry;
    private final Supplier<JobStore> jobs;
    private final Supplier<ArtifactStore> artifacts;
    private final Supplier<JobTrigger> jobTrigger;
    private final Supplier<StateStore> state;
    private final Supplier<TaskSubmitter> tasks;
    private final Supplier<KeyStore> keys;
    private final Supplier<BaselineStore> baselines;
    private final Supplier<UsageStore> usage;
    private final Supplier<io.wattline.store.KpiSnapshotStore> kpiSnapshots;

    public Stores(Settings settings) {
        this.settings = settings;
        this.dynamo = lazy(() -> DynamoDb.client(settings));
        this.catalog = lazy(() -> new DynamoCatalogStore(dynamo.get(), settings.tables().catalog()));
        this.telemetry = lazy(() -> settings.telemetryBackend().equals("timestream")
                ? TimestreamTelemetryStore.create(settings)
                : new DynamoTelemetryStore(dynamo.get(), settings.tables().telemetry()));
        this.jobs = lazy(() -> new DynamoJobStore(dynamo.get(), settings.tables().state()));
        // S3 is an optional dependency: its classes load only when a function touches artefacts
        this.artifacts = lazy(() -> S3ArtifactStore.create(settings));
        this.jobTrigger = lazy(() -> new LambdaJobTrigger(LambdaJobTrigger.client(settings), settings));
        this.state = lazy(() -> new DynamoStateStore(dynamo.get(), settings.tables().state()));
        this.tasks = lazy(() -> new LambdaTaskSubmitter(LambdaJobTrigger.client(settings), settings));
        this.keys = lazy(() -> new DynamoDetectionStores.Keys(dynamo.get(), settings.tables().state()));
        this.baselines = lazy(() -> new DynamoDetectionStores.Baselines(dynamo.get(), settings.tables().state()));
        this.usage = lazy(() -> new DynamoDetectionStores.Usage(dynamo.get(), settings.tables().state()));
        this.kpiSnapshots = lazy(() -> new io.wattline.store.dynamodb.DynamoKpiSnapshotStore(dynamo.get(), settings.tables().state()));
    }

    public Settings settings() { return settings; }
    public DynamoDbClient dynamoDb() { return dynamo.get(); }
    public CatalogStore catalog() { return catalog.get(); }
    public TelemetryStore telemetry() { return telemetry.get(); }
    public JobStore jobs() { return jobs.get(); }
    public ArtifactStore artifacts() { return artifacts.get(); }
    public JobTrigger jobTrigger() { return jobTrigger.get(); }
    public StateStore state() { return state.get(); }
    public TaskSubmitter tasks() { return tasks.get(); }
    public KeyStore keys() { return keys.get(); }
    public BaselineStore baselines() { return baselines.get(); }
    public UsageStore usage() { return usage.get(); }
    public io.wattline.store.KpiSnapshotStore kpiSnapshots() { return kpiSnapshots.get(); }

    /** Reachability checks of the tables and, when asked, the artefact bucket. */
    public List<StoreHealth.Check> health(boolean includeArtifacts) {
        List<StoreHealth.Check> checks = new ArrayList<>();
        // with Timestream the telemetry table is not used (and not granted): don't check it
        List<String> tables = settings.telemetryBackend().equals("timestream")
                ? List.of(settings.tables().catalog(), settings.tables().state()) : settings.tables().all();
        checks.add(DynamoDb.health(dynamo.get(), tables).check());
        if (includeArtifacts) checks.add(((S3ArtifactStore) artifacts.get()).health().check());
        return checks;
    }

    /** A thread-safe memoising supplier. */
    public static <T> Supplier<T> lazy(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        if (value == null) value = factory.get();
                        v = value;
                    }
                }
                return v;
            }
        };
    }
}
