package io.wattline.analytics.twin;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Where an asset's monitoring stands between seconds: everything {@link TwinMonitor#step} needs
 * besides the models, small enough to live in the state item.
 *
 * @param nextSecond   the simulated second to produce next (0 is the first after calibration)
 * @param fault        the injected fault, or null while monitoring healthy
 * @param legacyWindow the last {@link LegacyFeatures#WINDOW} 1 Hz readings, oldest first
 * @param degradation  DI, status and runs
 * @param metrics      the validation counts
 */
public record MonitorState(long nextSecond, Fault fault, List<Sample> legacyWindow, Degradation degradation,
                           ValidationMetrics metrics) implements Serializable {
    public MonitorState {
        legacyWindow = List.copyOf(legacyWindow);
    }

    /** Monitoring right after a first calibration: the 1 Hz window primed with the last calibration samples. */
    public static MonitorState afterCalibration(Sample[] calibrationSamples) {
        return afterCalibration(calibrationSamples, 0);
    }

    /**
     * Monitoring right after a calibration of a motor already worn to {@code di}: a new healthy profile does not
     * repair the motor, so its degradation index carries over (only a purge sets it back to 0); its rate and
     * anomaly runs start afresh.
     */
    public static MonitorState afterCalibration(Sample[] calibrationSamples, double di) {
        int n = calibrationSamples.length, w = Math.min(n, LegacyFeatures.WINDOW);
        return new MonitorState(0, null, Arrays.asList(calibrationSamples).subList(n - w, n), Degradation.atRest(di),
                ValidationMetrics.EMPTY);
    }

    public MonitorState withFault(Fault f) {
        return new MonitorState(nextSecond, f, legacyWindow, degradation, metrics);
    }

    public MonitorState withMetrics(ValidationMetrics m) {
        return new MonitorState(nextSecond, fault, legacyWindow, degradation, m);
    }
}
