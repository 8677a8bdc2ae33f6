package io.wattline.store;

import io.wattline.config.Settings;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/** The telemetry backend a function uses, chosen once from {@code TELEMETRY_BACKEND}. */
public final class TelemetryStores {
    private TelemetryStores() {}

    /**
     * Builds only the chosen adapter, so the other backend's classes never load. Timestream's adapter is not in the
     * function jars (new AWS accounts cannot create Timestream, and its SDK clients are 2 MB of every jar): it
     * registers a {@link TelemetryStore.Factory}, shipped as a Lambda layer that the stack attaches with Timestream.
     */
    public static TelemetryStore select(Settings settings, Supplier<TelemetryStore> dynamoDb) {
        if (!settings.timestreamTelemetry()) return dynamoDb.get();
        return ServiceLoader.load(TelemetryStore.Factory.class, TelemetryStores.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("TELEMETRY_BACKEND is timestream, but the Timestream "
                        + "adapter is not on the classpath: deploy with -c timestream=true, which attaches it as a "
                        + "Lambda layer (shared/aws/timestream/target/layer), or add shared/aws/timestream to the classpath"))
                .create(settings);
    }
}
