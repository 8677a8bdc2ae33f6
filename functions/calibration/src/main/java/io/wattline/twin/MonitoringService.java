package io.wattline.twin;

import io.wattline.analytics.twin.Fault;
import io.wattline.analytics.twin.MonitorState;
import io.wattline.analytics.twin.MotorSimulator;
import io.wattline.analytics.twin.Sample;
import io.wattline.analytics.twin.TwinAction;
import io.wattline.analytics.twin.TwinEvent;
import io.wattline.analytics.twin.TwinModels;
import io.wattline.analytics.twin.TwinMonitor;
import io.wattline.analytics.twin.TwinState;
import io.wattline.analytics.twin.ValidationMetrics;
import io.wattline.domain.DomainException;
import io.wattline.domain.TwinSample;
import io.wattline.store.StateStore.StaleVersionException;
import io.wattline.store.TelemetryStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The twin's monitoring: the state with its validation metrics and degradation (health, DI, RUL),
 * fault injection, reset, stop and the {@code twin_tick} job, without a server loop. Simulated time
 * follows the wall clock in 1-second batches: simulated second <i>n</i> of an asset is the batch of
 * 100 samples at {@code epoch + n s}, a function of the calibration's seed, <i>n</i> and the injected
 * fault only, so any invocation can produce any second. Whenever the state is read, changed or
 * ticked, the seconds that have fully elapsed since the last simulated one are simulated, a bounded
 * number at a time ({@link TwinLimits}): scored by the batch model, judged by the legacy one, counted
 * in the validation metrics and added to the degradation.
 *
 * <p>Stored samples: {@value #SAMPLES_PER_SECOND} per simulated second (the second's first sample,
 * i.e. its 1 Hz reading, tagged {@code healthy_monitoring} or {@code fault_injection} with the
 * second's score and verdict).
 */
public final class MonitoringService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MonitoringService.class);
    static final String MODELS_MISSING = "The asset's trained models are missing from the model store (deleted outside the"
            + " twin, or the store was emptied). System is IDLE: call POST /system/calibrate to train them again.";
    /** Stored samples per simulated second (of the 100 generated). */
    public static final int SAMPLES_PER_SECOND = 1;

    private final TwinDocuments documents;
    private final TelemetryStore telemetry;
    private final TwinModelArtifacts models;
    private final Clock clock;
    private final TwinLimits limits;

    MonitoringService(TwinDocuments documents, TelemetryStore telemetry, TwinModelArtifacts models, Clock clock,
                      TwinLimits limits) {
        this.documents = documents;
        this.telemetry = telemetry;
        this.models = models;
        this.clock = clock;
        this.limits = limits;
    }

    // ------------------------------------------------------------------ reads

    /** {@code GET /system/state}: the state after catching up (written back when it moved). */
    public TwinViews.State state(String asset) {
        return TwinViews.State.of(caughtUp(asset, (loaded, samples) -> asOf(loaded, clock.instant(), limits.catchUpOnRead(), samples)));
    }

    /**
     * {@link TwinDocuments#update} with a decision that catches the record up: the samples of the seconds it simulated are
     * stored once the record is saved, those of a decision that lost its race never (it is made again, on the winner's).
     */
    private TwinRecord caughtUp(String asset, java.util.function.BiFunction<TwinRecord, List<TwinSample>, TwinRecord> decide) {
        List<TwinSample> samples = new ArrayList<>();
        TwinRecord written = documents.update(asset, loaded -> {
            samples.clear();
            return decide.apply(loaded, samples);
        });
        store(asset, samples);
        return written;
    }

    /**
     * The samples of seconds a record just saved has simulated: written after the save, so that a catch-up whose save
     * lost its race (a purge meanwhile) leaves no samples behind; the record is the truth, its samples the log of it.
     * A store that fails here loses those seconds' samples (said in the log), not the read or the tick.
     */
    private void store(String asset, List<TwinSample> samples) {
        if (samples.isEmpty()) return;
        try {
            telemetry.writeTwinSamples(samples);
        } catch (RuntimeException e) {
            LOG.error("twin {}: {} samples of seconds already simulated were not stored", asset, samples.size(), e);
        }
    }

    // ------------------------------------------------------------------ actions

    /** {@code POST /system/inject-fault}: MONITORING_HEALTHY → FAULT_INJECTION. */
    public TwinViews.ActionResult injectFault(String asset, Fault fault) {
        change(asset, TwinAction.INJECT_FAULT, (r, now) -> r.withState(TwinState.FAULT_INJECTION,
                TwinAction.INJECT_FAULT.stateMessage(fault), now).withFault(fault));
        return TwinViews.ActionResult.of(TwinAction.INJECT_FAULT, fault, asset);
    }

    /**
     * {@code POST /system/reset}: back to MONITORING_HEALTHY, the degradation kept. A motor monitored healthy with no fault
     * injected is left as it is: its state did not begin again (started_at moved to the reset), and no fault was cleared
     * (its message said one was).
     */
    public TwinViews.ActionResult reset(String asset) {
        change(asset, TwinAction.RESET, (r, now) -> r.fault() == null && r.twinState() == TwinState.MONITORING_HEALTHY ? r
                : r.withState(TwinState.MONITORING_HEALTHY, TwinAction.RESET.stateMessage(null), now).withFault(null));
        return TwinViews.ActionResult.of(TwinAction.RESET, null, asset);
    }

    /** {@code POST /system/stop}: IDLE, metrics and training count reset, the degradation kept. */
    public TwinViews.ActionResult stop(String asset) {
        change(asset, TwinAction.STOP, (r, now) -> {
            TwinRecord.Monitor m = r.monitor() == null ? null
                    : TwinRecord.monitor(r.monitorState().withMetrics(ValidationMetrics.EMPTY), false, false, null);
            return r.withState(TwinState.IDLE, TwinAction.STOP.stateMessage(null), now).withFault(null)
                    .withTrainingSamples(0).withMonitoring(null, m);
        });
        return TwinViews.ActionResult.of(TwinAction.STOP, null, asset);
    }

    /** A change an action makes to the record, caught up to {@code now}. */
    interface Change {
        TwinRecord apply(TwinRecord caughtUp, Instant now);
    }

    /**
     * An action on the asset: its record caught up, the action refused (InvalidInput, with the
     * life cycle's message) unless its state allows it, then changed and written. An action is a boundary in simulated
     * time: the seconds before it that the bounded catch-up did not reach (an asset the tick fell behind on) are
     * skipped, as a long gap is, rather than simulated later under the state the action sets (a fault injected at
     * 08:57:40 damaging the asset from 08:57:03).
     *
     * @return the record written
     */
    TwinRecord change(String asset, TwinAction action, Change change) {
        return caughtUp(asset, (loaded, samples) -> {
            Instant now = clock.instant();
            TwinRecord r = asOf(loaded, now, limits.catchUpOnRead(), samples);
            action.refusal(r.twinState()).ifPresent(detail -> {
                throw new DomainException.InvalidInput(detail);
            });
            long due = r.monitoring() ? due(r, now) : 0;
            return change.apply(due > 0 ? skipped(r, now, due) : r, now);
        });
    }

    // ------------------------------------------------------------------ the tick

    /**
     * The scheduled tick: every monitoring asset caught up (bounded), stale calibrations failed. Assets are taken the
     * furthest behind first (those not monitoring before any), so that when the budget runs out, the ones it left
     * are first the next minute rather than left behind every minute.
     */
    public TwinViews.TickResult tick() {
        Instant start = clock.instant();
        int assets = 0, monitoringAssets = 0, advanced = 0, skipped = 0;
        long seconds = 0;
        List<TwinDocuments.Loaded> all = new ArrayList<>(documents.all());
        all.sort(java.util.Comparator.comparingLong(l -> simulatedUntilMs(l.record())));
        for (TwinDocuments.Loaded l : all) {
            if (Duration.between(start, clock.instant()).compareTo(limits.tickBudget()) > 0) {
                skipped++;
                continue;
            }
            assets++;
            TwinRecord r = l.record();
            if (r.monitoring()) monitoringAssets++;
            TwinRecord next;
            List<TwinSample> samples = new ArrayList<>();
            try {
                next = asOf(r, clock.instant(), limits.catchUpOnTick(), samples);
            } catch (RuntimeException e) {
                // one asset that cannot be advanced (its models unreadable) must not stop the others' time
                LOG.error("twin_tick could not advance {}", r.assetId(), e);
                skipped++;
                continue;
            }
            if (next == r) {
                continue;
            }
            try {
                documents.save(next, l.version());
                store(r.assetId(), samples);
                advanced++;
                if (r.monitor() != null && next.monitor() != null) {
                    seconds += next.monitor().nextSecond() - r.monitor().nextSecond();
                }
            } catch (StaleVersionException e) {
                // a read or an action moved it meanwhile: it is as current as this would have made it
            }
        }
        return new TwinViews.TickResult(assets, monitoringAssets, advanced, seconds, skipped);
    }

    /** How far an asset's simulated time has reached (ms); {@code Long.MIN_VALUE} for one not monitoring. */
    static long simulatedUntilMs(TwinRecord r) {
        if (!r.monitoring() || r.monitor() == null || r.epochMs() == null) return Long.MIN_VALUE;
        return r.epochMs() + r.monitor().nextSecond() * 1000;
    }

    // ------------------------------------------------------------------ catching up

    /**
     * The record as of {@code now}: a stuck calibration failed, monitoring caught up (at most {@code bound} seconds),
     * the samples of the seconds simulated added to {@code samples}, for the caller to store once the record is saved.
     */
    TwinRecord asOf(TwinRecord r, Instant now, int bound, List<TwinSample> samples) {
        if (r.twinState() == TwinState.CALIBRATING && r.startedAtMs() != null
                && now.toEpochMilli() - r.startedAtMs() > limits.calibrationTimeout().toMillis()) {
            return r.withState(TwinState.IDLE, TwinAction.failedMessage("it did not finish within "
                    + limits.calibrationTimeout().toSeconds() + " s"), now);
        }
        return r.monitoring() ? advance(r, now, bound, samples) : r;
    }

    /** The simulated seconds that have fully elapsed and are not simulated yet. */
    private static long due(TwinRecord r, Instant now) {
        return Math.floorDiv(now.toEpochMilli() - r.epochMs(), 1000L) - r.monitor().nextSecond();
    }

    /** The record with its next {@code due} seconds skipped, unobserved (its clock shifted), and an event saying so. */
    private static TwinRecord skipped(TwinRecord r, Instant now, long due) {
        TwinRecord.Event gap = new TwinRecord.Event(now.toEpochMilli(), r.monitor().nextSecond(), "MONITORING_GAP",
                "INFO", "Monitoring resumed: " + due + " simulated seconds were not observed and were skipped",
                r.monitor().di());
        return r.withMonitoring(r.epochMs() + due * 1000, r.monitor()).withEvents(List.of(gap));
    }

    /** Simulates the seconds that have fully elapsed since the last one, at most {@code bound} of them. */
    private TwinRecord advance(TwinRecord r, Instant now, int bound, List<TwinSample> samples) {
        long epoch = r.epochMs();
        long due = due(r, now);
        if (due <= 0) {
            return r;
        }
        if (due > limits.gapSeconds()) {
            return skipped(r, now, due);
        }
        int n = (int) Math.min(due, bound);
        TwinModels trained;
        try {
            trained = models.of(r);
        } catch (IllegalStateException missing) {
            // its artefact is gone (deleted outside the twin: a purge no longer leaves a monitoring asset without it): the
            // asset stops, keeping its degradation, and says how to go on, rather than failing every read and action
            LOG.error("twin {} cannot go on monitoring: {}", r.assetId(), missing.getMessage());
            return r.withState(TwinState.IDLE, MODELS_MISSING, now).withMonitoring(null, r.monitor());
        }
        TwinMonitor monitor = new TwinMonitor(trained, new MotorSimulator(r.seed()));
        List<TwinRecord.Event> events = new ArrayList<>();
        boolean[] last = new boolean[2];
        double[] cutoff = {Double.NaN};
        MonitorState end = monitor.advance(r.monitorState(), n, second -> {
            long t0 = epoch + second.second() * 1000;
            String source = second.faultInjected() ? TwinSample.FAULT_INJECTION : TwinSample.HEALTHY_MONITORING;
            Fault f = r.fault();
            for (int k = 0; k < SAMPLES_PER_SECOND; k++) {
                int index = k * (MotorSimulator.BATCH_SIZE / SAMPLES_PER_SECOND);
                Sample s = second.batch()[index];
                samples.add(new TwinSample(r.assetId(), Instant.ofEpochMilli(t0 + index * 10L), s.voltage(),
                        s.current(), s.powerFactor(), s.vibration(), source, second.anomalous(),
                        f == null ? null : f.type().name(), f == null ? null : f.severity().name(), second.score()));
            }
            for (TwinEvent e : second.events()) {
                events.add(new TwinRecord.Event(t0 + 1000, e.second(), e.type(), e.level(), e.message(), e.di()));
            }
            last[0] = second.anomalous();
            last[1] = second.legacyAnomalous();
            cutoff[0] = TwinMonitor.threshold(second.faultInjected());
        });
        return r.withMonitoring(epoch, TwinRecord.monitor(end, last[0], last[1], cutoff[0])).withEvents(events);
    }
}
