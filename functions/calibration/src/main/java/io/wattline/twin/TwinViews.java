package io.wattline.twin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.wattline.analytics.twin.Degradation;
import io.wattline.analytics.twin.Fault;
import io.wattline.analytics.twin.MonitorState;
import io.wattline.analytics.twin.TwinAction;
import io.wattline.analytics.twin.TwinMonitor;
import io.wattline.analytics.twin.TwinState;
import io.wattline.analytics.twin.ValidationMetrics;

import java.time.Instant;
import java.util.List;

/**
 * The twin's answers, as records whose components become the wire's snake_case names
 * ({@code Json.SNAKE}): the state of {@code GET /system/state}, the actions' acknowledgement, the
 * background calibration's and the tick's results.
 */
public final class TwinViews {
    private TwinViews() {}

    /**
     * {@code GET /system/state}: the original's fields ({@code state} … {@code fault_capture_rate}),
     * then the asset, its degradation figures, its last events (newest first) and its model.
     */
    public record State(String state, String message, Instant startedAt, String faultType, String faultSeverity,
                        int trainingSamples, Double healthyStability, Double faultCaptureRate, String assetId,
                        double degradationIndex, int health, double rulHours, String riskLevel,
                        double maintenanceWindowDays, String anomalyStatus, double damageRate, Double lastBatchScore,
                        Boolean lastBatchAnomalous, Double lastBatchCutoff, Boolean legacyModelAnomalous, Instant simulatedUntil,
                        List<Event> lastEvents, Model model) {

        static State of(TwinRecord r) {
            // not monitoring (stopped, or calibrating): the monitor kept carries the motor's degradation index and
            // nothing else to show; no damage is being done, so no rate, no last score, a calm RUL and window
            boolean live = r.monitoring();
            MonitorState kept = r.monitor() == null ? null : r.monitorState();
            TwinRecord.Monitor monitor = live ? r.monitor() : null;
            // no second scored yet since the calibration: no batch score or verdict to show (not a score of 0)
            TwinRecord.Monitor scored = monitor != null && monitor.nextSecond() > 0 ? monitor : null;
            MonitorState m = live ? kept : null;
            ValidationMetrics v = m == null ? ValidationMetrics.EMPTY : m.metrics();
            Degradation d = m != null ? m.degradation() : Degradation.atRest(kept == null ? 0 : kept.degradation().di());
            return new State(r.state(), r.message(), instant(r.startedAtMs()), r.faultType(), r.faultSeverity(),
                    r.trainingSamples(), v.healthyStability(), v.faultCaptureRate(), r.assetId(), round(d.di(), 6),
                    // RUL to the 3.6 s and the window to the 1.4 min: at 2 decimals the last minutes of a motor's life read 0
                    d.health(), round(d.rulHours(), 3), d.risk().name(), round(d.maintenanceWindowDays(), 3),
                    d.status().name(), d.rate(),
                    scored == null ? null : round(d.score(), 4),
                    scored == null ? null : scored.lastAnomalous(),
                    // the score's own cut-off (not the model's batch_threshold, a raw score on the forest's scale), as
                    // the last second was judged (a fault injected since is not its cut-off yet)
                    scored == null ? null : scored.lastCutoff() != null ? scored.lastCutoff() : TwinMonitor.threshold(r.fault() != null),
                    scored == null ? null : scored.lastLegacyAnomalous(),
                    r.epochMs() == null || monitor == null ? null
                            : Instant.ofEpochMilli(r.epochMs() + monitor.nextSecond() * 1000),
                    r.events().reversed().stream().map(Event::of).toList(),
                    // while a recalibration runs, the models it would replace serve nothing (they go if it succeeds)
                    r.model() == null || TwinState.CALIBRATING.name().equals(r.state()) ? null : Model.of(r.model()));
        }
    }

    /** One of the last events: a threshold crossed, an anomaly status change, a monitoring gap. */
    public record Event(Instant timestamp, String type, String level, String message, double degradationIndex) {
        static Event of(TwinRecord.Event e) {
            return new Event(Instant.ofEpochMilli(e.atMs()), e.type(), e.level(), e.message(), round(e.di(), 6));
        }
    }

    /** The models monitoring uses: when they were trained, their artefact's size and what they were trained on. */
    public record Model(Instant trainedAt, int artifactBytes, double batchThreshold, int batchTrainingWindows,
                        int legacyTrainingWindows) {
        static Model of(TwinRecord.ModelRef ref) {
            return new Model(Instant.ofEpochMilli(ref.trainedAtMs()), ref.bytes(), ref.batchThreshold(),
                    ref.batchTrainingRows(), ref.legacyTrainingRows());
        }
    }

    /**
     * The answer of an action ({@code calibrate}, {@code inject-fault}, {@code reset}, {@code stop}, {@code purge}): the
     * seed's fields, and {@code assetId}, the motor it changed (the one a missing parameter defaults to).
     */
    public record ActionResult(String status, String message, String state, String assetId,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Purged deleted) {
        static ActionResult of(TwinAction a, Fault fault, String asset) {
            return new ActionResult(a.status(), a.responseMessage(fault), a.target().name(), asset, null);
        }

        static ActionResult purged(String asset, Purged deleted) {
            TwinAction a = TwinAction.PURGE;
            return new ActionResult(a.status(), a.responseMessage(null), a.target().name(), asset, deleted);
        }
    }

    /**
     * What a purge deleted: {@code state}, whether the asset had a stored state (false: never calibrated, or its state was
     * lost, as a local cloud restarted {@code --in-memory} loses it); {@code modelArtifacts}, the model artefacts' object
     * versions; {@code samples}, the samples of the last hour; the older ones, those before {@code olderSamplesBefore}, a
     * background task deletes (null: the task could not be started, and a later purge deletes them).
     */
    public record Purged(boolean state, int modelArtifacts, int samples, Instant olderSamplesBefore) {}

    /**
     * How a background calibration ended: {@code done} (with its timings in ms and the artefact's size),
     * or {@code stale}, {@code cancelled}, {@code failed} (the asset and the status only).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CalibrationRun(String assetId, String status, Long trainMs, Long samplesMs, Long serializeMs,
                                 Long artifactMs, Integer artifactBytes) {
        static CalibrationRun ended(String assetId, String status) {
            return new CalibrationRun(assetId, status, null, null, null, null, null);
        }
    }

    /** What one run of the purge task did: samples deleted, {@code done} or {@code continued} (by a new task). */
    public record PurgeRun(String assetId, String status, int deleted) {}

    /**
     * What one {@code twin_tick} did: assets looked at, those of them monitoring (the others, idle or calibrating, have no
     * time to advance), advanced, simulated seconds, assets left for the next tick.
     */
    public record TickResult(int assets, int monitoring, int advanced, long simulatedSeconds, int leftForNextTick) {}

    private static Instant instant(Long epochMs) {
        return epochMs == null ? null : Instant.ofEpochMilli(epochMs);
    }

    private static double round(double x, int digits) {
        return io.wattline.http.Decimals.round(x, digits);
    }
}
