package io.wattline.twin;

import io.wattline.analytics.twin.AnomalyModel;
import io.wattline.analytics.twin.Calibrator;
import io.wattline.analytics.twin.ModelCodec;
import io.wattline.analytics.twin.MonitorState;
import io.wattline.analytics.twin.MotorSimulator;
import io.wattline.analytics.twin.Sample;
import io.wattline.analytics.twin.TwinAction;
import io.wattline.analytics.twin.TwinModelConfig;
import io.wattline.analytics.twin.TwinState;
import io.wattline.domain.DomainException;
import io.wattline.domain.TwinSample;
import io.wattline.jobs.TaskSubmitter;
import io.wattline.store.StateStore.StaleVersionException;
import io.wattline.store.TelemetryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;

/**
 * The twin's calibration: {@code calibrate} answers at once (IDLE → CALIBRATING) and hands the five
 * phases (healthy data, baseline profile, the legacy and the batch models) to a background task of
 * this same function ({@link #runCalibration}), which stores the calibration samples and the models'
 * artefact and only then starts monitoring; {@code purge} removes everything a calibration and
 * monitoring left of an asset, and cancels a calibration still running.
 *
 * <p>Stored samples: the 100 calibration points (every 10th sample, spread over the hour before
 * monitoring starts, {@code source=calibration}).
 */
public final class CalibrationService {
    private static final Logger LOG = LoggerFactory.getLogger(CalibrationService.class);

    /** The background task this function runs for a calibration. */
    public static final String CALIBRATION_TASK = "twin_calibration";
    /** The background task that deletes a purged asset's samples. */
    public static final String PURGE_TASK = "twin_purge";
    /** Samples deleted per part, and how long one run of the purge task deletes before handing on to a new one. */
    static final int PURGE_PART = 5_000;
    static final Duration PURGE_RUN = Duration.ofSeconds(40);
    /** A calibration stamps its samples over the hour before it ends (1,000 samples, one per 3.6 s). */
    static final Duration CALIBRATION_SPAN = Duration.ofHours(1);
    /** The function that runs them (this one). */
    public static final String FUNCTION = "calibration";

    private final TwinDocuments documents;
    private final MonitoringService monitoring;
    private final TelemetryStore telemetry;
    private final TwinModelArtifacts models;
    private final TaskSubmitter tasks;
    private final Clock clock;
    private final TwinModelConfig modelConfig;

    CalibrationService(TwinDocuments documents, MonitoringService monitoring, TelemetryStore telemetry,
                       TwinModelArtifacts models, TaskSubmitter tasks, Clock clock, TwinModelConfig modelConfig) {
        this.documents = documents;
        this.monitoring = monitoring;
        this.telemetry = telemetry;
        this.models = models;
        this.tasks = tasks;
        this.clock = clock;
        this.modelConfig = modelConfig;
    }

    /** {@code POST /system/calibrate}: CALIBRATING now, the phases in a background task. */
    public TwinViews.ActionResult calibrate(String asset, Optional<Long> seed) {
        return calibrate(asset, seed, false);
    }

    /**
     * As {@link #calibrate(String, Optional)}; {@code repaired} (an extension, {@code reset_degradation=true}): the motor
     * was replaced or repaired, so its degradation starts again at 0, with an event saying from what (its history stays).
     */
    public TwinViews.ActionResult calibrate(String asset, Optional<Long> seed, boolean repaired) {
        // a concurrent call may start one first: this call's retry then sees CALIBRATING and is refused
        TwinRecord started = monitoring.change(asset, TwinAction.CALIBRATE, (r, now) -> {
            UUID uuid = UUID.randomUUID();
            long s = seed.orElse(asset.hashCode() * 0x9E3779B97F4A7C15L ^ uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits());
            // the monitor a stop left keeps the motor's degradation through the calibration (shown meanwhile, carried over),
            // and its events their history: the threshold crossings that explain the degradation kept (only purge clears);
            // a replaced or repaired motor starts from none (a recalibration left a new motor CRITICAL with RUL 0)
            TwinRecord next = r.withState(TwinState.CALIBRATING, TwinAction.CALIBRATE.stateMessage(null), now)
                    .withCalibration(uuid.toString(), s, 0).withFault(null).withMonitoring(null, repaired ? null : r.monitor());
            if (!repaired || r.monitor() == null || r.monitor().di() == 0) return next;
            return next.withEvents(List.of(new TwinRecord.Event(now.toEpochMilli(), r.monitor().nextSecond(), "DEGRADATION_RESET",
                    "INFO", String.format(java.util.Locale.ROOT, "Degradation index reset from %.4f to 0: the motor was"
                            + " replaced or repaired (calibrated with reset_degradation=true)", r.monitor().di()), 0)));
        });
        String id = started.calibrationId();
        try {
            tasks.submit(FUNCTION, CALIBRATION_TASK, Map.of("asset_id", asset, "calibration_id", id));
        } catch (RuntimeException e) {
            LOG.error("could not start the calibration of {}", asset, e);
            finishIfCurrent(asset, id, r -> r.withState(TwinState.IDLE,
                    TwinAction.failedMessage("the background task could not be started"), clock.instant()));
            throw new DomainException.Unavailable("Calibration could not be started. Please try again.");
        }
        return TwinViews.ActionResult.of(TwinAction.CALIBRATE, null, asset);
    }

    /**
     * {@code POST /system/purge}: IDLE with a degradation of 0, and nothing else of the asset left, whether or not its
     * state is stored (a local cloud restarted {@code --in-memory} lost the states and kept the artefacts on disk): every
     * model artefact and the cached models at once, the last hour's samples too, the older ones by a background task
     * ({@link #runPurge}): monitoring writes 86,400 a day, and deleting them in the request took 3.4 s for half an hour of
     * history, past API Gateway's 29 s after four hours. A calibration still running finds its calibration gone at its
     * next write and removes what it wrote itself. The answer says what was deleted.
     *
     * <p>The state first, then the deletes: the reset stops monitoring and cancels a running calibration, but also lets a
     * new calibration start while the deletes run, whose samples (stamped over the hour before it ends) and artefact they
     * could take in part. So the deletes are followed by a look at the state: a calibration started meanwhile is cancelled
     * (as if this purge had come after it; it removes what it wrote itself) and everything deleted again, until none did.
     */
    public TwinViews.ActionResult purge(String asset) {
        boolean state = false;
        int artefacts = 0, samples = 0;
        for (int attempt = 0; ; attempt++) {
            Instant at = clock.instant();
            // an asset never seen gets no record (a misspelt name stayed in twin_tick's list for good)
            if (documents.load(asset).version() != 0) {
                documents.update(asset, r -> TwinRecord.fresh(asset).withState(TwinState.IDLE, TwinAction.PURGE.stateMessage(null), at));
                state = true;
            }
            try {
                artefacts += models.deleteAll(asset);
            } catch (IllegalStateException e) {
                // not "purged" while artefacts stay: said, and a second purge takes what is left
                LOG.error("purge of {}: model artefacts left", asset, e);
                throw new DomainException.Unavailable("The asset was reset, but its model artefacts could not all be deleted ("
                        + e.getMessage() + "). Purge again.");
            }
            // the last hour's samples now (at most 3,600 at one a second), the older ones by the task: a calibration
            // started after this stamps its samples into the hour before it ends, which the task must not reach
            Instant older = at.minus(CALIBRATION_SPAN);
            samples += telemetry.deleteTwinSamples(asset, older, at);
            // only a calibration gives the record a calibration id, and the purge's record has none
            if (documents.load(asset).record().calibrationId() != null) {
                if (attempt >= TwinDocuments.RETRIES) {
                    // not the routes' "nothing was changed": the deletes were done, each round, and the older samples go
                    // too (a calibration started meanwhile stamps its samples after `older`)
                    Instant handedOn = handOnOlderSamples(asset, older, at);
                    throw new DomainException.Conflict("Calibrations of the asset kept starting while it was purged ("
                            + (attempt + 1) + " rounds): each was cancelled and its data deleted"
                            + (handedOn == null ? " but the samples older than an hour" : "")
                            + ", but the last may still run. Purge again.");
                }
                continue;
            }
            return TwinViews.ActionResult.purged(asset, new TwinViews.Purged(state, artefacts, samples,
                    handOnOlderSamples(asset, older, at)));
        }
    }

    /** Hands the samples before {@code older} to the purge task ({@link #runPurge}); {@code older}, or null if it could not start. */
    private Instant handOnOlderSamples(String asset, Instant older, Instant purgedAt) {
        try {
            tasks.submit(FUNCTION, PURGE_TASK, Map.of("asset_id", asset, "before", older.toString(), "purged_at", purgedAt.toString()));
            return older;
        } catch (RuntimeException e) {
            // nothing reads an asset's old samples; a later purge deletes them
            LOG.error("could not start deleting the samples of {} before {}; purge again to delete them", asset, older, e);
            return null;
        }
    }

    /**
     * The purge task: the asset's samples before {@code before} (those of a calibration started after the purge stay),
     * in parts of {@value #PURGE_PART}, for up to {@link #PURGE_RUN}; then a new task takes over the rest. Last, the
     * monitoring samples from {@code before} to the purge itself ({@code purgedAt}) that a read or tick saved just
     * before the purge wrote after the request had deleted that hour (a new calibration's stay). Best effort: a write
     * still under way when this sweep runs (it can run within a second of the purge) lands after it.
     */
    public TwinViews.PurgeRun runPurge(String asset, Instant before, Optional<Instant> purgedAt) {
        long deadline = System.nanoTime() + PURGE_RUN.toNanos();
        int deleted = 0;
        while (true) {
            int n = telemetry.deleteTwinSamples(asset, Instant.EPOCH, before, PURGE_PART);
            deleted += n;
            if (n < PURGE_PART) {
                if (purgedAt.isPresent()) {
                    List<Instant> late = telemetry.twinSamples(asset, before, purgedAt.get().plusMillis(1)).stream()
                            .filter(t -> !TwinSample.CALIBRATION.equals(t.source())).map(TwinSample::timestamp).toList();
                    if (!late.isEmpty()) deleted += telemetry.deleteTwinSamples(asset, late);
                }
                return new TwinViews.PurgeRun(asset, "done", deleted);
            }
            if (System.nanoTime() > deadline) {
                Map<String, Object> next = new java.util.HashMap<>(Map.of("asset_id", asset, "before", before.toString()));
                purgedAt.ifPresent(t -> next.put("purged_at", t.toString()));
                tasks.submit(FUNCTION, PURGE_TASK, next);
                return new TwinViews.PurgeRun(asset, "continued", deleted);
            }
        }
    }

    // ------------------------------------------------------------------ the background task

    /** The background task: the five phases, then MONITORING_HEALTHY, unless purged meanwhile. */
    public TwinViews.CalibrationRun runCalibration(String asset, String calibrationId) {
        TwinDocuments.Loaded l = documents.load(asset);
        TwinRecord r = l.record();
        if (r.twinState() != TwinState.CALIBRATING || !calibrationId.equals(r.calibrationId())) {
            return TwinViews.CalibrationRun.ended(asset, "stale");
        }
        long[] version = {l.version()};
        TwinRecord[] current = {r};
        boolean[] cancelled = {false};
        long t0 = System.nanoTime();
        Calibrator.Result result;
        try {
            result = new Calibrator(modelConfig).calibrate(asset, new MotorSimulator(r.seed()), message -> {
                if (cancelled[0] || !reported(message)) {
                    return;
                }
                try {
                    current[0] = current[0].withMessage(message);
                    version[0] = documents.save(current[0], version[0]);
                } catch (StaleVersionException e) {
                    cancelled[0] = true; // purged (nothing else writes a calibrating asset)
                }
            }, () -> cancelled[0]);
        } catch (CancellationException e) {
            return TwinViews.CalibrationRun.ended(asset, "cancelled");
        } catch (RuntimeException e) {
            LOG.error("calibration of {} failed", asset, e);
            // the state's message is an API answer: what failed, not the exception's class or its internals (the log has them)
            finishIfCurrent(asset, calibrationId, x -> x.withState(TwinState.IDLE,
                    TwinAction.failedMessage("an internal error stopped it (the function's log has the details); calibrate again"),
                    clock.instant()));
            return TwinViews.CalibrationRun.ended(asset, "failed");
        }
        long trainMs = (System.nanoTime() - t0) / 1_000_000;

        // samples and artefact first, then the state: a purge that lands before the state write
        // makes it fail (and this removes them); one that lands after it removes them itself
        Instant epoch = clock.instant();
        Sample[] all = result.samples();
        List<TwinSample> points = new ArrayList<>();
        for (int i = 0; i < all.length; i += 10) {
            Instant t = epoch.minusMillis(CALIBRATION_SPAN.toMillis() * (all.length - i) / all.length);
            Sample s = all[i];
            points.add(new TwinSample(asset, t, s.voltage(), s.current(), s.powerFactor(), s.vibration(),
                    TwinSample.CALIBRATION, false, null, null, null));
        }
        long t1 = System.nanoTime();
        telemetry.writeTwinSamples(points);
        long t2 = System.nanoTime();
        byte[] bytes = ModelCodec.toBytes(result.models());
        long t3 = System.nanoTime();
        String versionId = models.put(asset, calibrationId, bytes);
        long t4 = System.nanoTime();
        AnomalyModel batch = result.models().batch(), legacy = result.models().legacy();
        TwinRecord.ModelRef ref = new TwinRecord.ModelRef(TwinModelArtifacts.key(asset, calibrationId), versionId,
                epoch.toEpochMilli(), bytes.length, batch.threshold(), legacy.contaminationCut(), batch.trainingRows(),
                legacy.trainingRows());
        TwinRecord done = current[0].withState(TwinState.MONITORING_HEALTHY,
                        Calibrator.completeMessage(result.models().trainingSamples()), epoch)
                .withTrainingSamples(result.models().trainingSamples()).withModel(ref)
                .withMonitoring(epoch.toEpochMilli(), TwinRecord.monitor(MonitorState.afterCalibration(all,
                        current[0].monitor() == null ? 0 : current[0].monitor().di()), false, false, null));
        try {
            documents.save(done, version[0]);
        } catch (StaleVersionException e) {
            models.deleteCalibration(asset, calibrationId);
            // its own samples only: a calibration started after the purge may have stamped its own among them
            telemetry.deleteTwinSamples(asset, points.stream().map(TwinSample::timestamp).toList());
            return TwinViews.CalibrationRun.ended(asset, "cancelled");
        }
        models.remember(asset, ref, result.models());
        // the models this calibration replaced (a recalibration after a stop: 2 MB each, weekly or monthly, the seed
        // suggests): nothing reads them since the calibration began, a calibrating asset is not monitored
        TwinRecord.ModelRef replaced = current[0].model();
        if (replaced != null && !replaced.key().equals(ref.key())) models.deleteReplaced(asset, replaced);
        return new TwinViews.CalibrationRun(asset, "done", trainMs, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                (t4 - t3) / 1_000_000, bytes.length);
    }

    /** Progress worth a write: each phase, and the seed's "500/1000" (0/1000 is written by calibrate). */
    private static boolean reported(String message) {
        return !message.startsWith("Calibration complete")
                && (!message.startsWith("Generating training data...") || message.endsWith(" 500/1000"));
    }

    /** Applies a final change if the asset still belongs to this calibration (best effort: a busy asset keeps its state). */
    private void finishIfCurrent(String asset, String calibrationId, UnaryOperator<TwinRecord> change) {
        try {
            documents.update(asset, r -> r.twinState() == TwinState.CALIBRATING && calibrationId.equals(r.calibrationId())
                    ? change.apply(r) : r);
        } catch (DomainException.Conflict e) {
            LOG.warn("could not finish the calibration {} of {}: {}", calibrationId, asset, e.getMessage());
        }
    }
}
