package io.wattline.local.store;

import io.wattline.config.Settings;
import io.wattline.local.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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

}
