package io.wattline.twin;

import io.wattline.analytics.twin.TwinModelConfig;
import io.wattline.jobs.TaskSubmitter;
import io.wattline.store.ArtifactStore;
import io.wattline.store.StateStore;
import io.wattline.store.TelemetryStore;

import java.time.Clock;

/**
 * The twin's two services over the same ports: {@link CalibrationService} (calibrate, the background
 * calibration, purge) and {@link MonitoringService} (state, faults, stop, the tick).
 */
public record TwinServices(CalibrationService calibration, MonitoringService monitoring) {
    public static TwinServices create(StateStore states, TelemetryStore telemetry, ArtifactStore artifacts,
                                      TaskSubmitter tasks, Clock clock, TwinLimits limits, TwinModelConfig modelConfig) {
        TwinDocuments documents = new TwinDocuments(states);
        TwinModelArtifacts models = new TwinModelArtifacts(artifacts);
        MonitoringService monitoring = new MonitoringService(documents, telemetry, models, clock, limits);
        return new TwinServices(new CalibrationService(documents, monitoring, telemetry, models, tasks, clock, modelConfig),
                monitoring);
    }

    /** Production wiring: the system clock, the default limits and model configuration. */
    public static TwinServices create(StateStore states, TelemetryStore telemetry, ArtifactStore artifacts,
                                      TaskSubmitter tasks) {
        return create(states, telemetry, artifacts, tasks, Clock.systemUTC(), TwinLimits.DEFAULT, TwinModelConfig.defaults());
    }
}
