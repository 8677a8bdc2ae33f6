package io.wattline.local;

import io.wattline.config.Lazy;
import io.wattline.config.Settings;
import io.wattline.store.ArtifactStore;
import io.wattline.store.CatalogStore;
import io.wattline.store.JobStore;
import io.wattline.store.KeyStore;
import io.wattline.store.StateStore;
import io.wattline.store.StoreHealth;
import io.wattline.store.TelemetryStore;
import io.wattline.store.dynamodb.DynamoCatalogStore;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.store.dynamodb.DynamoDetectionStores;
import io.wattline.store.dynamodb.DynamoJobStore;
import io.wattline.store.dynamodb.DynamoStateStore;
import io.wattline.store.dynamodb.DynamoTelemetryStore;
import io.wattline.store.s3.S3ArtifactStore;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The adapters the local cloud itself uses (seeding, the development key, admin commands, tests and
 * benches): DynamoDB and S3, as the functions wire them. Telemetry is always DynamoDB's here (the local
 * cloud has no Timestream). Every client is built on first use.
 */
public final class Stores {
    private final Settings settings;
    private final Lazy<DynamoDbClient> dynamo;
    private final Lazy<CatalogStore> catalog;
    private final Lazy<TelemetryStore> telemetry;
    private final Lazy<JobStore> jobs;
    private final Lazy<StateStore> state;
    private final Lazy<KeyStore> keys;
    private final Lazy<S3ArtifactStore> artifacts;

    public Stores(Settings settings) {
        this.settings = settings;
        this.dynamo = Lazy.of(() -> DynamoDb.client(settings));
        this.catalog = Lazy.of(() -> new DynamoCatalogStore(dynamo.get(), settings.tables().catalog()));
        this.telemetry = Lazy.of(() -> new DynamoTelemetryStore(dynamo.get(), settings));
        this.jobs = Lazy.of(() -> new DynamoJobStore(dynamo.get(), settings.tables().state()));
        this.state = Lazy.of(() -> new DynamoStateStore(dynamo.get(), settings.tables().state()));
        this.keys = Lazy.of(() -> new DynamoDetectionStores.Keys(dynamo.get(), settings.tables()));
        this.artifacts = Lazy.of(() -> (S3ArtifactStore) S3ArtifactStore.create(settings));
    }

    public Settings settings() { return settings; }
    public DynamoDbClient dynamoDb() { return dynamo.get(); }
    public CatalogStore catalog() { return catalog.get(); }
    public TelemetryStore telemetry() { return telemetry.get(); }
    public JobStore jobs() { return jobs.get(); }
    public StateStore state() { return state.get(); }
    public KeyStore keys() { return keys.get(); }
    public ArtifactStore artifacts() { return artifacts.get(); }

    /** Reachability checks of the tables in use and, when asked, the artefact bucket. */
    public List<StoreHealth.Check> health(boolean includeArtifacts) {
        List<StoreHealth.Check> checks = new ArrayList<>();
        checks.add(DynamoDb.health(dynamo.get(), settings.dynamoTables()).check());
        if (includeArtifacts) checks.add(artifacts.get().health().check());
        return checks;
    }
}
