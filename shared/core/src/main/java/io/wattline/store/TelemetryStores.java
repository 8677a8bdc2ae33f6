package io.wattline.store;

import io.wattline.config.Settings;
import java.util.function.Supplier;

/** The telemetry backend a function uses, chosen once from {@code TELEMETRY_BACKEND}. */
public final class TelemetryStores {
    private TelemetryStores() {}

    /** Builds only the chosen adapter, so the other backend's classes never load. */
    public static TelemetryStore select(Settings settings, Supplier<TelemetryStore> dynamoDb,
                                        Supplier<TelemetryStore> timestream) {
        return settings.timestreamTelemetry() ? timestream.get() : dynamoDb.get();
    }
}
