package io.wattline.local.store;

import io.wattline.config.Settings;
import io.wattline.local.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The storage contract against DynamoDB Local and S3Proxy, in this JVM, over HTTP. */
class DynamoDbLocalStoreTest extends StoreContract {
    private static LocalStorage storage;
    private static Settings settings;

    @BeforeAll
    static void start() throws IOException {
        storage = LocalStorage.start(Files.createTempDirectory("wattline-store-test"), true);
        var env = new HashMap<>(storage.environment());
        env.put("TABLE_CATALOG", "t-catalog");
        env.put("TABLE_TELEMETRY", "t-telemetry");
        env.put("TABLE_STATE", "t-state");
        env.put("ARTIFACT_BUCKET", "t-artifacts");
        settings = Settings.from(env);
        LocalStorage.provision(settings);
    }

    @AfterAll
    static void stop() {
        storage.close();
    }

    @Override
    Settings settings() {
        return settings;
    }

    /** Health checks the tables the deployment uses: with Timestream, the telemetry table is neither used nor granted. */
    @org.junit.jupiter.api.Test
    void healthChecksOnlyTheTablesInUse() {
        var env = new HashMap<>(storage.environment());
        env.put("TABLE_CATALOG", "t-catalog");
        env.put("TABLE_STATE", "t-state");
        env.put("TABLE_TELEMETRY", "no-such-table");
        org.junit.jupiter.api.Assertions.assertFalse(new io.wattline.local.Stores(Settings.from(env)).health(false).get(0).ok());
        env.put("TELEMETRY_BACKEND", "timestream");
        org.junit.jupiter.api.Assertions.assertTrue(new io.wattline.local.Stores(Settings.from(env)).health(false).get(0).ok());
    }

    /** A twin sample carries its expiry, the telemetry table's time to live; a reading does not; 0 days keeps it. */
    @org.junit.jupiter.api.Test
    void theTwinsSamplesExpireAfterTheRetentionAndNothingElseDoes() {
        var db = io.wattline.store.dynamodb.DynamoDb.client(settings);
        String table = settings.tables().telemetry();
        assertEquals(java.util.Optional.of(io.wattline.config.Tables.EXPIRES_AT), java.util.Optional.ofNullable(
                db.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().attributeName()), "provisioned with it");
        // not expired when written: DynamoDB Local's TTL sweep deletes expired items within seconds (StoreContract)
        java.time.Instant t = recentTwinInstant().plusMillis(250);
        String asset = "ttl-" + java.util.UUID.randomUUID();
        var sample = new io.wattline.domain.TwinSample(asset, t, 230, 15, 0.92, 0.15,
                io.wattline.domain.TwinSample.HEALTHY_MONITORING, false, null, null, 0.4);
        new io.wattline.store.dynamodb.DynamoTelemetryStore(db, settings).writeTwinSamples(java.util.List.of(sample));
        assertEquals(String.valueOf(t.getEpochSecond() + 30 * 86_400), item(db, "TW#" + asset, t).get("expires_at").n(),
                "30 days by default");

        var env = new HashMap<>(storage.environment());
        env.put("TABLE_TELEMETRY", table);
        env.put("TWIN_SAMPLE_RETENTION_DAYS", "0");
        String kept = "kept-" + java.util.UUID.randomUUID();
        new io.wattline.store.dynamodb.DynamoTelemetryStore(db, Settings.from(env)).writeTwinSamples(java.util.List.of(
                new io.wattline.domain.TwinSample(kept, t, 230, 15, 0.92, 0.15,
                        io.wattline.domain.TwinSample.HEALTHY_MONITORING, false, null, null, 0.4)));
        org.junit.jupiter.api.Assertions.assertFalse(item(db, "TW#" + kept, t).containsKey("expires_at"));
        env.put("TWIN_SAMPLE_RETENTION_DAYS", "-1");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Settings.from(env));

        // readings' hour items never expire
        java.util.UUID machine = java.util.UUID.randomUUID();
        new io.wattline.store.dynamodb.DynamoTelemetryStore(db, settings).writeReadings(java.util.List.of(
                new io.wattline.domain.Reading(machine, t, 10.0, 0.1, null, null, null, null, null)));
        var hours = db.scan(b -> b.tableName(table).filterExpression("contains(pk, :m)")
                .expressionAttributeValues(java.util.Map.of(":m",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(machine.toString())))).items();
        org.junit.jupiter.api.Assertions.assertFalse(hours.isEmpty());
        hours.forEach(i -> org.junit.jupiter.api.Assertions.assertFalse(i.containsKey("expires_at"), i.toString()));
    }

    private java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item(
            software.amazon.awssdk.services.dynamodb.DynamoDbClient db, String pk, java.time.Instant t) {
        return db.getItem(b -> b.tableName(settings.tables().telemetry()).key(java.util.Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(pk),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(Long.toString(t.toEpochMilli()))))).item();
    }

}
