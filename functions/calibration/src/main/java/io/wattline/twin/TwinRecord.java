package io.wattline.twin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.wattline.analytics.twin.Degradation;
import io.wattline.analytics.twin.Fault;
import io.wattline.analytics.twin.FaultType;
import io.wattline.analytics.twin.MonitorState;
import io.wattline.analytics.twin.Sample;
import io.wattline.analytics.twin.Severity;
import io.wattline.analytics.twin.TwinAction;
import io.wattline.analytics.twin.TwinEvent;
import io.wattline.analytics.twin.TwinState;
import io.wattline.analytics.twin.ValidationMetrics;
import io.wattline.http.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored state of one asset's twin: one versioned document ({@link io.wattline.store.StateStore},
 * kind {@value #KIND}). Instants are epoch milliseconds.
 *
 * @param state           the life-cycle state
 * @param message         the progress or status message {@code GET /system/state} shows
 * @param startedAtMs     when the current state began
 * @param faultType       the injected fault (FAULT_INJECTION only)
 * @param faultSeverity   its severity
 * @param trainingSamples samples of the last calibration (0 after stop or purge)
 * @param calibrationId   the calibration that owns the models; a background calibration only
 *                        writes while it is still this one
 * @param seed            the simulator's seed for this calibration
 * @param model           the artefact of the models and its metadata, null before a calibration
 * @param epochMs         when simulated second 0 of monitoring began; null when not monitoring
 * @param monitor         monitoring progress, degradation and validation counts; null after a purge
 * @param events          the last events, newest last
 */
public record TwinRecord(String assetId, String state, String message, Long startedAtMs, String faultType,
                         String faultSeverity, int trainingSamples, String calibrationId, long seed, ModelRef model,
                         Long epochMs, Monitor monitor, List<Event> events) {
    public static final String KIND = "twin";
    public static final int MAX_EVENTS = 20;

    /** Where the trained models live and what they are. */
    public record ModelRef(String key, String versionId, long trainedAtMs, int bytes, double batchThreshold,
                           double legacyCut, int batchTrainingRows, int legacyTrainingRows) {}

    /**
     * {@link MonitorState} in storable form (the 1 Hz window as rows of four numbers); {@code lastCutoff} the cut-off the
     * last scored second was judged against (null in records stored before it was kept, and before a second is scored).
     */
    public record Monitor(long nextSecond, double[][] legacyWindow, double di, double rate, double score,
                          String status, int anomalousRun, int healthyRun, long healthyTotal, long healthyCorrect,
                          long faultyTotal, long faultyCorrect, boolean lastAnomalous, boolean lastLegacyAnomalous,
                          Double lastCutoff) {}

    /** A {@link TwinEvent} with its wall time. */
    public record Event(long atMs, long second, String type, String level, String message, double di) {}

    public TwinRecord {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** An asset never calibrated (or whose record is gone). */
    public static TwinRecord fresh(String assetId) {
        return new TwinRecord(assetId, TwinState.IDLE.name(), TwinAction.READY_MESSAGE, null, null, null, 0, null, 0,
                null, null, null, List.of());
    }

    public TwinState twinState() {
        return TwinState.valueOf(state);
    }

    public boolean monitoring() {
        TwinState s = twinState();
        return (s == TwinState.MONITORING_HEALTHY || s == TwinState.FAULT_INJECTION) && epochMs != null && monitor != null;
    }

    public Fault fault() {
        return faultType == null ? null : new Fault(FaultType.valueOf(faultType), Severity.valueOf(faultSeverity));
    }

    /** The monitoring state of the analytics, with the injected fault. */
    public MonitorState monitorState() {
        List<Sample> window = new ArrayList<>(monitor.legacyWindow().length);
        for (double[] r : monitor.legacyWindow()) {
            window.add(new Sample(r[0], r[1], r[2], r[3]));
        }
        return new MonitorState(monitor.nextSecond(), fault(), window,
                new Degradation(monitor.di(), monitor.rate(), monitor.score(), Degradation.Status.valueOf(monitor.status()),
                        monitor.anomalousRun(), monitor.healthyRun()),
                new ValidationMetrics(monitor.healthyTotal(), monitor.healthyCorrect(), monitor.faultyTotal(),
                        monitor.faultyCorrect()));
    }

    public static Monitor monitor(MonitorState m, boolean lastAnomalous, boolean lastLegacyAnomalous, Double lastCutoff) {
        double[][] window = new double[m.legacyWindow().size()][];
        for (int i = 0; i < window.length; i++) {
            Sample s = m.legacyWindow().get(i);
            window[i] = new double[] {s.voltage(), s.current(), s.powerFactor(), s.vibration()};
        }
        Degradation d = m.degradation();
        ValidationMetrics v = m.metrics();
        return new Monitor(m.nextSecond(), window, d.di(), d.rate(), d.score(), d.status().name(), d.anomalousRun(),
                d.healthyRun(), v.healthyTotal(), v.healthyCorrect(), v.faultyTotal(), v.faultyCorrect(),
                lastAnomalous, lastLegacyAnomalous, lastCutoff);
    }

    // ------------------------------------------------------------------ copies with one change

    /** A new life-cycle state (and its start time) with its message. */
    public TwinRecord withState(TwinState s, String msg, Instant now) {
        return new TwinRecord(assetId, s.name(), msg, now.toEpochMilli(), faultType, faultSeverity, trainingSamples,
                calibrationId, seed, model, epochMs, monitor, events);
    }

    public TwinRecord withMessage(String msg) {
        return new TwinRecord(assetId, state, msg, startedAtMs, faultType, faultSeverity, trainingSamples,
                calibrationId, seed, model, epochMs, monitor, events);
    }

    public TwinRecord withFault(Fault f) {
        return new TwinRecord(assetId, state, message, startedAtMs, f == null ? null : f.type().name(),
                f == null ? null : f.severity().name(), trainingSamples, calibrationId, seed, model, epochMs, monitor, events);
    }

    public TwinRecord withCalibration(String id, long newSeed, int samples) {
        return new TwinRecord(assetId, state, message, startedAtMs, faultType, faultSeverity, samples, id, newSeed,
                model, epochMs, monitor, events);
    }

    public TwinRecord withModel(ModelRef ref) {
        return new TwinRecord(assetId, state, message, startedAtMs, faultType, faultSeverity, trainingSamples,
                calibrationId, seed, ref, epochMs, monitor, events);
    }

    public TwinRecord withMonitoring(Long epoch, Monitor m) {
        return new TwinRecord(assetId, state, message, startedAtMs, faultType, faultSeverity, trainingSamples,
                calibrationId, seed, model, epoch, m, events);
    }

    public TwinRecord withTrainingSamples(int n) {
        return new TwinRecord(assetId, state, message, startedAtMs, faultType, faultSeverity, n, calibrationId, seed,
                model, epochMs, monitor, events);
    }

    /** Appends events, keeping the last {@link #MAX_EVENTS}. */
    public TwinRecord withEvents(List<Event> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Event> all = new ArrayList<>(events);
        all.addAll(more);
        List<Event> kept = all.subList(Math.max(0, all.size() - MAX_EVENTS), all.size());
        return new TwinRecord(assetId, state, message, startedAtMs, faultType, faultSeverity, trainingSamples,
                calibrationId, seed, model, epochMs, monitor, kept);
    }

    // ------------------------------------------------------------------ JSON

    public String toJson() {
        return Json.write(Json.PLAIN, this);
    }

    public static TwinRecord fromJson(String json) {
        try {
            return Json.PLAIN.readValue(json, TwinRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable twin record: " + e.getOriginalMessage(), e);
        }
    }
}
