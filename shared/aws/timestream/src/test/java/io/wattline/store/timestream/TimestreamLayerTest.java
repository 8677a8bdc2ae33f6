package io.wattline.store.timestream;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.wattline.config.Settings;
import io.wattline.store.TelemetryStores;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The function jars leave this adapter out; with it on the classpath (its Lambda layer), TELEMETRY_BACKEND finds it. */
class TimestreamLayerTest {
    @Test
    void theBackendVariableFindsThisAdapterThroughItsServiceFile() {
        Settings s = Settings.from(Map.of("TELEMETRY_BACKEND", "timestream", "AWS_REGION", "eu-west-1",
                "TIMESTREAM_ENDPOINT", "http://127.0.0.1:1", "WATTLINE_ACCESS_KEY_ID", "test", "WATTLINE_SECRET_ACCESS_KEY", "test"));
        // building the store builds its clients only: nothing is sent
        assertInstanceOf(TimestreamTelemetryStore.class, TelemetryStores.select(s, () -> {
            throw new AssertionError("the DynamoDB adapter was chosen");
        }));
    }
}
