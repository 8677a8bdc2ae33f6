package io.wattline.store;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattline.config.Settings;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryStoresTest {
    private final TelemetryStore dynamo = (TelemetryStore) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[]{TelemetryStore.class}, (p, m, a) -> null);

    @Test
    void dynamoDbUnlessTheBackendSaysOtherwise() {
        assertSame(dynamo, TelemetryStores.select(Settings.from(Map.of()), () -> dynamo));
    }

    @Test
    void timestreamWithoutItsLayerIsAClearConfigurationError() {
        // the core's classpath has no Timestream adapter, as a function deployed without the stack's layer
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                TelemetryStores.select(Settings.from(Map.of("TELEMETRY_BACKEND", "timestream")), () -> dynamo));
        assertTrue(e.getMessage().contains("-c timestream=true") && e.getMessage().contains("layer"), e.getMessage());
    }
}
