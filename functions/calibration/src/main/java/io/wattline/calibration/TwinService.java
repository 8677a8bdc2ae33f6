package io.wattline.calibration;

import io.wattline.analytics.twin.AnomalyModel;
import io.wattline.analytics.twin.Calibrator;
import io.wattline.analytics.twin.Fault;
import io.wattline.analytics.twin.ModelCodec;
import io.wattline.analytics.twin.MonitorState;
import io.wattline.analytics.twin.MotorSimulator;
import io.wattline.analytics.twin.Sample;
import io.wattline.analytics.twin.TwinAction;
import io.wattline.analytics.twin.TwinEvent;
import io.wattline.analytics.twin.TwinModelConfig;
import io.wattline.analytics.twin.TwinModels;
import io.wattline.analytics.twin.TwinMonitor;
import io.wattline.analytics.twin.TwinState;
import io.wattline.domain.TwinSample;
import io.wattline.http.ApiException;
import io.wattline.jobs.TaskSubmitter;
import io.wattline.store.ArtifactStore;
import io.wattline.store.StateStore;
import io.wattline.store.StateStore.StaleVersionException;
import io.wattline.store.TelemetryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;

/**
 * The twin's application service: the life cycle of {@code spec/twin.md} over the state store,
 * with every transition a read-decide-write that only lands on the version it read (a lost race
 * is re-decided on what the winner wrote), the calibration as a background task, and monitoring
 * without a server loop: simulated time follows the wall clock in 1-second batches and is caught
 * up, a bounded number of seconds at a time, whenever the state is read, changed or ticked.
 *
 * <p>Stored samples: the 100 calibration points (every 10th sample, spread over the hour before
 * monitoring starts, {@code source=calibration}), then {@value #SAMPLES_PER_SECOND} sample per
 * simulated second (the second's first sample, i.e. its 1 Hz reading, tagged
 * {@code healthy_monitoring} or {@code fault_injection} with the second's score and verdict).
 */
public final class TwinService {
    private static final Logger LOG = LoggerFactory.getLogger(TwinService.class);

    /** The background task this function runs for a calibration. */
    public static final String CALIBRATION_TASK = "twin_calibration";
    /** The function that runs it (this one). */
    public static final String FUNCTION = "calibration";
    public static final String DEFAULT_ASSET = "Motor-01";
    /** Stored samples per simulated second (of the 100 generated). */
    public static final int SAMPLES_PER_SECOND = 1;
    private static final int RETRIES = 8;
    private static final int MODEL_CACHE = 16;

    /**
     * Bounds of the work one invocation does.
     *
     * @param catchUpOnRead      simulated seconds a state read or an action may catch up
     * @param catchUpOnTick      simulated seconds the tick may catch up per asset
     * @param gapSeconds         a lag longer than this (nothing read or ticked, e.g. the local cloud
     *                           was down) is skipped rather than simulated: monitoring resumes now
     * @param calibrationTimeout a calibration still running after this is declared failed
     * @param tickBudget         the tick stops starting assets after this long
     */
    public record Limits(int catchUpOnRead, int catchUpOnTick, long gapSeconds, Duration calibrationTimeout,
                         Duration tickBudget) {
        public static final Limits DEFAULT = new Limits(300, 600, 3600, Duration.ofMinutes(5), Duration.ofSeconds(40));
    }

    private record Loaded(TwinRecord record, long version) {}

    private final StateStore store;
    private final TelemetryStore telemetry;
    private final ArtifactStore artifacts;
    private final TaskSubmitter tasks;
    private final Clock clock;
    private final Limits limits;
    private final TwinModelConfig modelConfig;
    private final Map<String, TwinModels> modelCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TwinModels> eldest) {
            return size() > MODEL_CACHE;
        }
    };

    public TwinService(StateStore store, TelemetryStore telemetry, ArtifactStore artifacts, TaskSubmitter tasks,
                       Clock clock, Limits limits, TwinModelConfig modelConfig) {
        this.store = store;
        this.telemetry = telemetry;
        this.artifacts = artifacts;
        this.tasks = tasks;
        this.clock = clock;
        this.limits = limits;
        this.modelConfig = modelConfig;
    }

    public TwinService(StateStore store, TelemetryStore telemetry, ArtifactStore artifacts, TaskSubmitter tasks) {
        this(store, telemetry, artifacts, tasks, Clock.systemUTC(), Limits.DEFAULT, TwinModelConfig.defaults());
    }

    // ------------------------------------------------------------------ reads

    /** {@code GET /system/state}: the state after catching up. */
    public Map<String, Object> state(String asset) {
        for (int attempt = 0; ; attempt++) {
            Loaded l = load(asset);
            Instant now = clock.instant();
            TwinRecord r = housekeeping(l.record(), now, limits.catchUpOnRead());
            if (r == l.record() || l.version() == 0) {
                return TwinViews.state(r, now);
            }
            try {
                save(r, l.version());
                return TwinViews.state(r, now);
            } catch (StaleVersionException e) {
                retryOr409(attempt); // another reader or the tick advanced it first: read theirs
            }
        }
    }

    // ------------------------------------------------------------------ actions

    /** {@code POST /system/calibrate}: CALIBRATING now, the phases in a background task. */
    public Map<String, Object> calibrate(String asset, Optional<Long> seed) {
        String id;
        for (int attempt = 0; ; attempt++) {
            Loaded l = load(asset);
            Instant now = clock.instant();
            TwinRecord r = housekeeping(l.record(), now, limits.catchUpOnRead());
            refuse(TwinAction.CALIBRATE, r);
            UUID uuid = UUID.randomUUID();
            id = uuid.toString();
            long s = seed.orElse(asset.hashCode() * 0x9E3779B97F4A7C15L ^ uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits());
            TwinRecord next = r.withState(TwinState.CALIBRATING, TwinAction.CALIBRATE.stateMessage(null), now)
                    .withCalibration(id, s, 0).withFault(null).withMonitoring(null, null).withoutEvents();
            try {
                save(next, l.version());
                break;
            } catch (StaleVersionException e) {
                retryOr409(attempt); // a concurrent call may have started one: the retry sees CALIBRATING and refuses
            }
        }
        try {
            tasks.submit(FUNCTION, CALIBRATION_TASK, Map.of("asset_id", asset, "calibration_id", id));
        } catch (RuntimeException e) {
            LOG.error("could not start the calibration of {}", asset, e);
            finishIfCurrent(asset, id, r -> r.withState(TwinState.IDLE,
                    TwinAction.failedMessage("the background task could not be started"), clock.instant()));
            throw new ApiException(503, "Calibration could not be started. Please try again.");
        }
        return action(TwinAction.CALIBRATE, null);
    }

    /** {@code POST /system/inject-fault}. */
    public Map<String, Object> injectFault(String asset, Fault fault) {
        transition(asset, TwinAction.INJECT_FAULT, (r, now) -> r.withState(TwinState.FAULT_INJECTION,
                TwinAction.INJECT_FAULT.stateMessage(fault), now).withFault(fault));
        return action(TwinAction.INJECT_FAULT, fault);
    }

    /** {@code POST /system/reset}. */
    public Map<String, Object> reset(String asset) {
        transition(asset, TwinAction.RESET, (r, now) -> r.withState(TwinState.MONITORING_HEALTHY,
                TwinAction.RESET.stateMessage(null), now).withFault(null));
        return action(TwinAction.RESET, null);
    }

    /** {@code POST /system/stop}: IDLE, metrics and training count reset, the degradation kept. */
    public Map<String, Object> stop(String asset) {
        transition(asset, TwinAction.STOP, (r, now) -> {
            TwinRecord.Monitor m = r.monitor() == null ? null
                    : TwinRecord.monitor(r.monitorState().withMetrics(io.wattline.analytics.twin.ValidationMetrics.EMPTY),
                    false, false);
            return r.withState(TwinState.IDLE, TwinAction.STOP.stateMessage(null), now).withFault(null)
                    .withTrainingSamples(0).withMonitoring(null, m);
        });
        return action(TwinAction.STOP, null);
    }

    /**
     * {@code POST /system/purge}: IDLE with a degradation of 0, and nothing else of the asset left:
     * its samples, every model artefact and the cached models. A calibration still running finds
     * its calibration gone at its next write and removes what it wrote itself.
     */
    public Map<String, Object> purge(String asset) {
        for (int attempt = 0; ; attempt++) {
            Loaded l = load(asset);
            TwinRecord next = TwinRecord.fresh(asset).withState(TwinState.IDLE, TwinAction.PURGE.stateMessage(null),
                    clock.instant());
            try {
                save(next, l.version());
                break;
            } catch (StaleVersionException e) {
                retryOr409(attempt);
            }
        }
        telemetry.deleteTwinSamples(asset, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"));
        artifacts.deleteAll(artifactPrefix(asset));
        synchronized (modelCache) {
            modelCache.keySet().removeIf(k -> k.startsWith(asset + "@"));
        }
        return action(TwinAction.PURGE, null);
    }

    // ------------------------------------------------------------------ background calibration

    /** The background task: the five phases, then MONITORING_HEALTHY, unless purged meanwhile. */
    public Map<String, Object> runCalibration(String asset, String calibrationId) {
        Loaded l = load(asset);
        TwinRecord r = l.record();
        if (r.twinState() != TwinState.CALIBRATING || !calibrationId.equals(r.calibrationId())) {
            return Map.of("asset_id", asset, "status", "stale");
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
                    version[0] = save(current[0], version[0]);
                } catch (StaleVersionException e) {
                    cancelled[0] = true; // purged (nothing else writes a calibrating asset)
                }
            }, () -> cancelled[0]);
        } catch (CancellationException e) {
            return Map.of("asset_id", asset, "status", "cancelled");
        } catch (RuntimeException e) {
            LOG.error("calibration of {} failed", asset, e);
            finishIfCurrent(asset, calibrationId, x -> x.withState(TwinState.IDLE,
                    TwinAction.failedMessage(e.getClass().getSimpleName() + ": " + e.getMessage()), clock.instant()));
            return Map.of("asset_id", asset, "status", "failed");
        }
        long trainMs = (System.nanoTime() - t0) / 1_000_000;

        // samples and artefact first, then the state: a purge that lands before the state write
        // makes it fail (and this removes them); one that lands after it removes them itself
        Instant epoch = clock.instant();
        Sample[] all = result.samples();
        List<TwinSample> points = new ArrayList<>();
        for (int i = 0; i < all.length; i += 10) {
            Instant t = epoch.minusMillis((long) (all.length - i) * 3600);
            Sample s = all[i];
            points.add(new TwinSample(asset, t, s.voltage(), s.current(), s.powerFactor(), s.vibration(),
                    TwinSample.CALIBRATION, false, null, null, null));
        }
        long t1 = System.nanoTime();
        telemetry.writeTwinSamples(points);
        long t2 = System.nanoTime();
        byte[] bytes = ModelCodec.toBytes(result.models());
        String key = artifactPrefix(asset) + calibrationId + "/models.bin";
        long t3 = System.nanoTime();
        String versionId = artifacts.put(key, bytes, Map.of("asset-id", asset, "calibration-id", calibrationId,
                "content-type", ModelCodec.CONTENT_TYPE));
        long t4 = System.nanoTime();
        AnomalyModel batch = result.models().batch(), legacy = result.models().legacy();
        TwinRecord.ModelRef ref = new TwinRecord.ModelRef(key, versionId, epoch.toEpochMilli(), bytes.length,
                batch.threshold(), legacy.contaminationCut(), batch.trainingRows(), legacy.trainingRows());
        TwinRecord done = current[0].withState(TwinState.MONITORING_HEALTHY,
                        Calibrator.completeMessage(result.models().trainingSamples()), epoch)
                .withTrainingSamples(result.models().trainingSamples()).withModel(ref)
                .withMonitoring(epoch.toEpochMilli(), TwinRecord.monitor(MonitorState.afterCalibration(all), false, false));
        try {
            save(done, version[0]);
        } catch (StaleVersionException e) {
            artifacts.deleteAll(artifactPrefix(asset) + calibrationId + "/");
            telemetry.deleteTwinSamples(asset, points.getFirst().timestamp(), epoch);
            return Map.of("asset_id", asset, "status", "cancelled");
        }
        synchronized (modelCache) {
            modelCache.put(cacheKey(asset, ref), result.models());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asset_id", asset);
        out.put("status", "done");
        out.put("train_ms", trainMs);
        out.put("samples_ms", (t2 - t1) / 1_000_000);
        out.put("serialize_ms", (t3 - t2) / 1_000_000);
        out.put("artifact_ms", (t4 - t3) / 1_000_000);
        out.put("artifact_bytes", bytes.length);
        return out;
    }

    /** Progress worth a write: each phase, and the seed's "500/1000" (0/1000 is written by calibrate). */
    private static boolean reported(String message) {
        return !message.startsWith("Calibration complete")
                && (!message.startsWith("Generating training data...") || message.endsWith(" 500/1000"));
    }

    // ------------------------------------------------------------------ the tick

    /** The scheduled tick: every monitoring asset caught up (bounded), stale calibrations failed. */
    public Map<String, Object> tick() {
        Instant start = clock.instant();
        int assets = 0, advanced = 0, skipped = 0;
        long seconds = 0;
        for (StateStore.Doc doc : store.list(TwinRecord.KIND)) {
            if (Duration.between(start, clock.instant()).compareTo(limits.tickBudget()) > 0) {
                skipped++;
                continue;
            }
            assets++;
            TwinRecord r = TwinRecord.fromJson(doc.json());
            TwinRecord next = housekeeping(r, clock.instant(), limits.catchUpOnTick());
            if (next == r) {
                continue;
            }
            try {
                save(next, doc.version());
                advanced++;
                if (r.monitor() != null && next.monitor() != null) {
                    seconds += next.monitor().nextSecond() - r.monitor().nextSecond();
                }
            } catch (StaleVersionException e) {
                // a read or an action moved it meanwhile: it is as current as this would have made it
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("assets", assets);
        out.put("advanced", advanced);
        out.put("simulated_seconds", seconds);
        out.put("left_for_next_tick", skipped);
        return out;
    }

    // ------------------------------------------------------------------ internals

    private interface Change {
        TwinRecord apply(TwinRecord caughtUp, Instant now);
    }

    private void transition(String asset, TwinAction action, Change change) {
        for (int attempt = 0; ; attempt++) {
            Loaded l = load(asset);
            Instant now = clock.instant();
            TwinRecord r = housekeeping(l.record(), now, limits.catchUpOnRead());
            refuse(action, r);
            try {
                save(change.apply(r, now), l.version());
                return;
            } catch (StaleVersionException e) {
                retryOr409(attempt);
            }
        }
    }

    private static void refuse(TwinAction action, TwinRecord r) {
        action.refusal(r.twinState()).ifPresent(detail -> {
            throw new ApiException(400, detail);
        });
    }

    private static void retryOr409(int attempt) {
        if (attempt >= RETRIES) {
            throw new ApiException(409, "The asset is being changed by other requests. Please try again.");
        }
    }

    /** The record as of {@code now}: a stuck calibration failed, monitoring caught up (bounded). */
    TwinRecord housekeeping(TwinRecord r, Instant now, int bound) {
        if (r.twinState() == TwinState.CALIBRATING && r.startedAtMs() != null
                && now.toEpochMilli() - r.startedAtMs() > limits.calibrationTimeout().toMillis()) {
            return r.withState(TwinState.IDLE, TwinAction.failedMessage("it did not finish within "
                    + limits.calibrationTimeout().toSeconds() + " s"), now);
        }
        return r.monitoring() ? advance(r, now, bound) : r;
    }

    /** Simulates the seconds that have fully elapsed since the last one, at most {@code bound} of them. */
    private TwinRecord advance(TwinRecord r, Instant now, int bound) {
        long epoch = r.epochMs();
        long elapsed = Math.floorDiv(now.toEpochMilli() - epoch, 1000L);
        long due = elapsed - r.monitor().nextSecond();
        if (due <= 0) {
            return r;
        }
        if (due > limits.gapSeconds()) {
            long shifted = epoch + due * 1000;
            TwinRecord.Event gap = new TwinRecord.Event(now.toEpochMilli(), r.monitor().nextSecond(), "MONITORING_GAP",
                    "INFO", "Monitoring resumed: " + due + " simulated seconds were not observed and were skipped",
                    r.monitor().di());
            return r.withMonitoring(shifted, r.monitor()).withEvents(List.of(gap));
        }
        int n = (int) Math.min(due, bound);
        TwinMonitor monitor = new TwinMonitor(models(r), new MotorSimulator(r.seed()));
        List<TwinSample> samples = new ArrayList<>(n * SAMPLES_PER_SECOND);
        List<TwinRecord.Event> events = new ArrayList<>();
        boolean[] last = new boolean[2];
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
        });
        telemetry.writeTwinSamples(samples);
        return r.withMonitoring(epoch, TwinRecord.monitor(end, last[0], last[1])).withEvents(events);
    }

    private TwinModels models(TwinRecord r) {
        TwinRecord.ModelRef ref = r.model();
        if (ref == null) {
            throw new IllegalStateException("asset " + r.assetId() + " is monitoring without models");
        }
        String key = cacheKey(r.assetId(), ref);
        synchronized (modelCache) {
            TwinModels cached = modelCache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        byte[] bytes = artifacts.get(ref.key(), ref.versionId()).orElseThrow(() ->
                new IllegalStateException("model artefact " + ref.key() + " of " + r.assetId() + " is missing"));
        TwinModels loaded = ModelCodec.fromBytes(bytes);
        synchronized (modelCache) {
            modelCache.put(key, loaded);
        }
        return loaded;
    }

    private static String cacheKey(String asset, TwinRecord.ModelRef ref) {
        return asset + "@" + ref.key() + "#" + ref.versionId();
    }

    static String artifactPrefix(String asset) {
        return "twin/" + asset + "/";
    }

    /** Applies a final change if the asset still belongs to this calibration (best effort). */
    private void finishIfCurrent(String asset, String calibrationId, java.util.function.UnaryOperator<TwinRecord> change) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            Loaded l = load(asset);
            if (l.record().twinState() != TwinState.CALIBRATING || !calibrationId.equals(l.record().calibrationId())) {
                return;
            }
            try {
                save(change.apply(l.record()), l.version());
                return;
            } catch (StaleVersionException e) {
                // re-read
            }
        }
    }

    private Loaded load(String asset) {
        return store.get(TwinRecord.KIND, asset).map(d -> new Loaded(TwinRecord.fromJson(d.json()), d.version()))
                .orElseGet(() -> new Loaded(TwinRecord.fresh(asset), 0));
    }

    private long save(TwinRecord r, long expectedVersion) {
        return store.put(TwinRecord.KIND, r.assetId(), r.toJson(), expectedVersion);
    }

    private static Map<String, Object> action(TwinAction a, Fault fault) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", a.status());
        out.put("message", a.responseMessage(fault));
        out.put("state", a.target().name());
        return out;
    }
}
