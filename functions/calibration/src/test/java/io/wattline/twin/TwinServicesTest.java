package io.wattline.twin;

import io.wattline.analytics.twin.Fault;
import io.wattline.analytics.twin.FaultType;
import io.wattline.analytics.twin.Severity;
import io.wattline.analytics.twin.TwinModelConfig;
import io.wattline.domain.TwinSample;
import io.wattline.domain.DomainException;
import io.wattline.http.ApiException;
import io.wattline.http.Json;
import io.wattline.http.Times;
import io.wattline.testing.MemoryArtifactStore;
import io.wattline.testing.MemoryTelemetryStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

class TwinServicesTest {
    static final String M = "Motor-01";
    static final Instant T0 = Instant.parse("2025-10-14T08:00:00Z");

    Fakes.States states;
    MemoryTelemetryStore telemetry;
    MemoryArtifactStore artifacts;
    Fakes.Tasks tasks;
    Fakes.MutableClock clock;
    CalibrationService calibration;
    MonitoringService monitoring;

    @BeforeEach
    void setUp() {
        states = new Fakes.States();
        telemetry = new MemoryTelemetryStore();
        artifacts = new MemoryArtifactStore();
        tasks = new Fakes.Tasks();
        clock = new Fakes.MutableClock(T0);
        TwinServices services = newServices();
        calibration = services.calibration();
        monitoring = services.monitoring();
    }

    TwinServices newServices() {
        return TwinServices.create(states, telemetry, artifacts, tasks, clock, TwinLimits.DEFAULT, TwinModelConfig.defaults());
    }

    /** Calibrates and runs the background task. */
    void calibrated(String asset, long seed) {
        calibration.calibrate(asset, Optional.of(seed));
        Fakes.Tasks.Task t = tasks.submitted.getLast();
        assertEquals("done", calibration.runCalibration(asset, (String) t.payload().get("calibration_id")).status());
    }

    static DomainException refused(Runnable r) {
        return assertThrows(DomainException.class, r::run);
    }

    /** The HTTP status the route answers for a refusal. */
    static int status(DomainException e) {
        return ApiException.of(e).status();
    }

    /** The state as the wire has it, without the model (its training time differs between runs). */
    static Map<String, Object> withoutModel(TwinViews.State s) {
        Map<String, Object> m = Json.SNAKE.toMap(s);
        m.remove("model");
        return m;
    }

    static String iso(Instant t) {
        return t == null ? null : Times.iso(t);
    }

    @Test
    void anAssetNeverCalibratedIsIdle() {
        TwinViews.State s = monitoring.state(M);
        assertEquals("IDLE", s.state());
        assertEquals("System ready. Click 'Calibrate' to begin.", s.message());
        assertNull(iso(s.startedAt()));
        assertEquals(0, s.trainingSamples());
        assertNull(s.healthyStability(), "nothing measured yet");
        assertNull(s.faultCaptureRate(), "no fault injected yet");
        assertEquals(0.0, s.degradationIndex());
        assertEquals(100, s.health());
        assertEquals(99999.0, s.rulHours());
        assertEquals("LOW", s.riskLevel());
        assertTrue(states.list(TwinRecord.KIND).isEmpty(), "reading writes nothing");
    }

    @Test
    void calibrationAnswersAtOnceAndRunsItsPhasesInTheBackground() {
        TwinViews.ActionResult started = calibration.calibrate(M, Optional.of(7L));
        assertEquals(new TwinViews.ActionResult("started", "Calibration started. Generating healthy data...", "CALIBRATING", M, null), started);
        TwinViews.State s = monitoring.state(M);
        assertEquals("CALIBRATING", s.state());
        assertEquals("Generating training data... 0/1000", s.message());
        assertEquals("2025-10-14T08:00:00+00:00", iso(s.startedAt()));
        assertEquals(1, tasks.submitted.size());
        assertEquals("calibration", tasks.submitted.getFirst().function());
        assertEquals(CalibrationService.CALIBRATION_TASK, tasks.submitted.getFirst().task());

        DomainException again = refused(() -> calibration.calibrate(M, Optional.empty()));
        assertEquals(400, status(again));
        assertTrue(again.getMessage().startsWith("Cannot calibrate in state 'CALIBRATING'. Must be IDLE."));

        clock.advance(Duration.ofSeconds(2));
        String id = (String) tasks.submitted.getFirst().payload().get("calibration_id");
        assertEquals("done", calibration.runCalibration(M, id).status());
        // the models lie where the stack lets this function write and delete (FunctionCatalog's artifactKeys)
        assertFalse(artifacts.keys().isEmpty());
        var grant = io.wattline.functions.FunctionCatalog.find("calibration").orElseThrow();
        artifacts.keys().forEach(key -> assertTrue(grant.mayTouchArtifact(key), key));
        assertEquals(List.of("Generating training data... 0/1000", "Generating training data... 500/1000",
                "Building baseline profile from 1,000 samples...", "Training anomaly model on 1,000 samples...",
                "Training batch-feature model (16-D statistical features)...",
                "Calibration complete. Trained on 1000 samples."), states.writtenMessages);

        s = monitoring.state(M);
        assertEquals("MONITORING_HEALTHY", s.state());
        assertEquals("Calibration complete. Trained on 1000 samples.", s.message());
        // no second scored yet: no batch score or verdicts (they read 0.0 and false, a point the dashboard plotted)
        assertEquals(s.startedAt(), s.simulatedUntil());
        assertNull(s.lastBatchScore());
        assertNull(s.lastBatchAnomalous());
        assertNull(s.lastBatchCutoff());
        assertNull(s.legacyModelAnomalous());
        assertEquals(1000, s.trainingSamples());
        assertEquals("2025-10-14T08:00:02+00:00", iso(s.startedAt()));
        List<TwinSample> samples = telemetry.twinSamples(M, Instant.EPOCH, T0.plusSeconds(3600));
        assertEquals(100, samples.size());
        assertTrue(samples.stream().allMatch(x -> x.source().equals(TwinSample.CALIBRATION)));
        assertEquals(T0.plusSeconds(2).minusSeconds(3600), samples.getFirst().timestamp());
        assertEquals(1, artifacts.count("twin/Motor-01/" + id + "/"));
        assertEquals("stale", calibration.runCalibration(M, id).status(), "a repeated task does nothing");
    }

    @Test
    void monitoringFollowsTheClockInBoundedSteps() {
        calibrated(M, 11);
        clock.advance(Duration.ofMillis(30_400));
        TwinViews.State s = monitoring.state(M);
        assertEquals("2025-10-14T08:00:30+00:00", iso(s.simulatedUntil()));
        // the score's own cut-off, healthy; a fault's is 0.5
        assertEquals(0.65, s.lastBatchCutoff());
        assertEquals(s.lastBatchScore() > 0.65, s.lastBatchAnomalous());
        List<TwinSample> monitored = telemetry.twinSamples(M, T0, T0.plusSeconds(3600));
        assertEquals(30, monitored.size());
        assertTrue(monitored.stream().allMatch(x -> x.source().equals(TwinSample.HEALTHY_MONITORING) && x.score() != null));
        assertEquals(T0.plusSeconds(29), monitored.getLast().timestamp());

        clock.advance(Duration.ofSeconds(1000)); // more than one read may catch up
        s = monitoring.state(M);
        assertEquals("2025-10-14T08:05:30+00:00", iso(s.simulatedUntil()));
        s = monitoring.state(M);
        assertEquals("2025-10-14T08:10:30+00:00", iso(s.simulatedUntil()));
        double stability = s.healthyStability();
        assertTrue(stability > 90 && stability <= 100, "stability " + stability);
        assertEquals(630, telemetry.twinSamples(M, T0, T0.plusSeconds(7200)).size());
    }

    @Test
    void severeJitterIsCapturedAndDegradesTheAssetUntilReset() {
        calibrated(M, 12);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(new TwinViews.ActionResult("started", "Fault injection started (SEVERE JITTER)", "FAULT_INJECTION", M, null), monitoring.injectFault(M, new Fault(FaultType.JITTER, Severity.SEVERE)));
        DomainException twice = refused(() -> monitoring.injectFault(M, new Fault(FaultType.SPIKE, Severity.MILD)));
        assertEquals("Cannot inject fault in state 'FAULT_INJECTION'. Must be MONITORING_HEALTHY.", twice.getMessage());
        // no second scored under the fault yet: the last score was judged against the healthy cut-off, and says so
        assertEquals(0.65, monitoring.state(M).lastBatchCutoff());

        clock.advance(Duration.ofSeconds(120));
        TwinViews.State s = monitoring.state(M);
        assertEquals("FAULT_INJECTION", s.state());
        assertEquals("Injecting SEVERE JITTER fault...", s.message());
        assertEquals("JITTER", s.faultType());
        assertEquals("SEVERE", s.faultSeverity());
        assertEquals(0.5, s.lastBatchCutoff());
        assertEquals(100.0, s.faultCaptureRate());
        assertEquals("ANOMALY_DETECTED", s.anomalyStatus());
        double di = s.degradationIndex();
        assertTrue(di > 0.15, "DI " + di);
        List<TwinViews.Event> events = s.lastEvents();
        assertTrue(events.stream().anyMatch(e -> e.message().startsWith("Degradation index crossed 0.15")));
        assertTrue(events.stream().anyMatch(e -> "ANOMALY_DETECTED".equals(e.type())));
        List<TwinSample> faulty = telemetry.twinSamples(M, T0.plusSeconds(10), T0.plusSeconds(130));
        assertEquals(120, faulty.size());
        assertTrue(faulty.stream().allMatch(x -> x.source().equals(TwinSample.FAULT_INJECTION)
                && "JITTER".equals(x.faultType()) && x.faulty()));

        assertEquals(new TwinViews.ActionResult("reset", "System reset to healthy monitoring.", "MONITORING_HEALTHY", M, null), monitoring.reset(M));
        clock.advance(Duration.ofSeconds(60));
        s = monitoring.state(M);
        assertEquals("MONITORING_HEALTHY", s.state());
        assertNull(s.faultType());
        assertTrue(s.degradationIndex() >= di, "DI never decreases");
        assertEquals("HEALTHY", s.anomalyStatus());
    }

    @Test
    void refusedTransitions() {
        assertEquals("Cannot inject fault in state 'IDLE'. Must be MONITORING_HEALTHY.",
                refused(() -> monitoring.injectFault(M, new Fault(FaultType.DEFAULT, Severity.SEVERE))).getMessage());
        assertEquals("Cannot reset in state 'IDLE'. Must be FAULT_INJECTION or MONITORING_HEALTHY.",
                refused(() -> monitoring.reset(M)).getMessage());
        assertEquals("System is already IDLE.", refused(() -> monitoring.stop(M)).getMessage());
        calibration.calibrate(M, Optional.of(1L));
        assertTrue(refused(() -> monitoring.stop(M)).getMessage().startsWith("Cannot stop during calibration."));
        assertEquals("Cannot reset in state 'CALIBRATING'. Must be FAULT_INJECTION or MONITORING_HEALTHY.",
                refused(() -> monitoring.reset(M)).getMessage());
        assertEquals("Cannot inject fault in state 'CALIBRATING'. Must be MONITORING_HEALTHY.",
                refused(() -> monitoring.injectFault(M, new Fault(FaultType.DRIFT, Severity.MILD))).getMessage());
        calibration.runCalibration(M, (String) tasks.submitted.getLast().payload().get("calibration_id"));
        assertEquals("Cannot calibrate in state 'MONITORING_HEALTHY'. Must be IDLE. Call POST /system/stop to return"
                + " to IDLE, or POST /system/purge for a deep reset.", refused(() -> calibration.calibrate(M, Optional.empty())).getMessage());
        assertTrue(status(refused(() -> calibration.calibrate(M, Optional.empty()))) == 400);
    }

    @Test
    void stopKeepsTheDegradationAndResetsTheMetrics() {
        calibrated(M, 13);
        monitoring.injectFault(M, new Fault(FaultType.DEFAULT, Severity.SEVERE));
        clock.advance(Duration.ofSeconds(40));
        double di = (double) monitoring.state(M).degradationIndex();
        assertEquals(new TwinViews.ActionResult("stopped", "Session stopped. System is now IDLE.", "IDLE", M, null),
                monitoring.stop(M));
        clock.advance(Duration.ofSeconds(40));
        TwinViews.State s = monitoring.state(M);
        assertEquals("IDLE", s.state());
        assertEquals("Session stopped. Click 'Calibrate' to begin a new demo.", s.message());
        assertEquals(0, s.trainingSamples());
        assertNull(s.faultCaptureRate());
        assertNull(s.healthyStability());
        assertEquals(di, s.degradationIndex(), 0.0);
        // a stopped motor takes no damage: no rate, no last score, the calm RUL and window (they kept the last second's)
        assertEquals(0.0, s.damageRate());
        assertEquals(io.wattline.analytics.twin.Degradation.RUL_NONE, s.rulHours(), 0.0);
        assertNull(s.lastBatchScore());
        assertEquals("HEALTHY", s.anomalyStatus());
        assertNull(iso(s.simulatedUntil()), "no monitoring after stop");
        assertEquals(100 + 40, telemetry.twinSampleCount(M), "nothing simulated after stop");
        // a new calibration does not repair the motor: its degradation carries over (only a purge sets it to 0)
        calibration.calibrate(M, Optional.of(14L));
        assertEquals(di, monitoring.state(M).degradationIndex(), 0.0, "while calibrating");
        assertEquals("done", calibration.runCalibration(M, (String) tasks.submitted.getLast().payload().get("calibration_id")).status());
        TwinViews.State recalibrated = monitoring.state(M);
        assertEquals("MONITORING_HEALTHY", recalibrated.state());
        assertEquals(di, recalibrated.degradationIndex(), 1e-6);
        assertTrue(di > 0, "the fault degraded the motor: " + di);
        // and the events that explain it stay (a recalibration erased them while the degradation stayed)
        assertTrue(recalibrated.lastEvents().stream().anyMatch(e -> e.type().equals("ANOMALY_DETECTED")),
                recalibrated.lastEvents().toString());

        // the motor replaced: calibrated with reset_degradation, it starts again from 0, and the history says from what
        monitoring.stop(M);
        calibration.calibrate(M, Optional.of(15L), true);
        assertEquals(0.0, monitoring.state(M).degradationIndex(), 0.0, "while calibrating");
        assertEquals("done", calibration.runCalibration(M, (String) tasks.submitted.getLast().payload().get("calibration_id")).status());
        TwinViews.State replaced = monitoring.state(M);
        assertEquals(0.0, replaced.degradationIndex(), 1e-6);
        assertEquals("HEALTHY", replaced.anomalyStatus());
        var reset = replaced.lastEvents().stream().filter(e -> e.type().equals("DEGRADATION_RESET")).toList();
        assertEquals(1, reset.size(), replaced.lastEvents().toString());
        assertTrue(reset.getFirst().message().startsWith(String.format(java.util.Locale.ROOT, "Degradation index reset from %.4f to 0",
                recalibrated.degradationIndex())), reset.getFirst().message());
        assertTrue(replaced.lastEvents().stream().anyMatch(e -> e.type().equals("ANOMALY_DETECTED")), "the history stays");
    }

    @Test
    void aRecalibrationDeletesTheModelsItReplaced() {
        // stop, calibrate, stop, calibrate: each calibration's 2 MB artefact stayed in S3 until a purge
        calibrated(M, 21);
        String first = states.get(TwinRecord.KIND, M).map(d -> TwinRecord.fromJson(d.json()).model().key()).orElseThrow();
        monitoring.stop(M);
        calibration.calibrate(M, Optional.of(22L));
        assertNull(monitoring.state(M).model(), "the models being replaced are not the state's while it recalibrates");
        assertEquals("done", calibration.runCalibration(M,
                (String) tasks.submitted.getLast().payload().get("calibration_id")).status());
        assertNotNull(monitoring.state(M).model());
        assertEquals(1, artifacts.count("twin/Motor-01/"));
        String second = states.get(TwinRecord.KIND, M).map(d -> TwinRecord.fromJson(d.json()).model().key()).orElseThrow();
        assertNotEquals(first, second);
        assertEquals(1, artifacts.count(second));
        assertEquals("MONITORING_HEALTHY", monitoring.state(M).state());
    }

    /**
     * A catch-up whose record lost its race to a purge (a dashboard polling during it) stores none of its samples: the
     * purge runs whole between the read's load of the asset's models and its save.
     */
    @Test
    void aReadThatLosesItsRaceToAPurgeLeavesNoSamplesBehind() {
        calibrated(M, 14);
        clock.advance(Duration.ofSeconds(20));
        // a function instance that has not loaded the models yet: its read of the artefact is where the purge runs
        Runnable[] afterNextModelRead = {null};
        io.wattline.store.ArtifactStore racing = new io.wattline.store.ArtifactStore() {
            public String put(String key, byte[] content, Map<String, String> metadata) { return artifacts.put(key, content, metadata); }
            public List<Version> versions(String key) { return artifacts.versions(key); }
            public int deleteAll(String prefix) { return artifacts.deleteAll(prefix); }
            public Optional<byte[]> get(String key, String versionId) {
                Optional<byte[]> read = artifacts.get(key, versionId);
                Runnable meanwhile = afterNextModelRead[0];
                afterNextModelRead[0] = null;
                if (meanwhile != null) meanwhile.run();
                return read;
            }
        };
        MonitoringService reader = TwinServices.create(states, telemetry, racing, tasks, clock, TwinLimits.DEFAULT,
                TwinModelConfig.defaults()).monitoring();
        int before = telemetry.twinSampleCount(M);
        afterNextModelRead[0] = () -> calibration.purge(M);
        assertEquals("IDLE", reader.state(M).state());
        assertTrue(telemetry.twinSampleCount(M) < before, "the purge deleted the last hour");
        // the read simulated 20 s with the models it had, lost its save to the purge and read again: the purge's record,
        // nothing to simulate; left is only the calibration's first sample, an hour before it ended, for the purge's task
        assertEquals(List.of(io.wattline.domain.TwinSample.CALIBRATION), telemetry.twinSamples(M, Instant.EPOCH, clock.instant())
                .stream().map(io.wattline.domain.TwinSample::source).toList());
    }

    @Test
    void purgeLeavesNothingOfTheAssetBehind() {
        calibrated(M, 14);
        calibrated("Pump-02", 15);
        clock.advance(Duration.ofSeconds(20));
        monitoring.state(M);
        monitoring.state("Pump-02");
        // a long history besides: 12,000 samples more than the calibration's (monitoring writes one a second)
        List<io.wattline.domain.TwinSample> history = new java.util.ArrayList<>();
        Instant first = clock.instant().minus(Duration.ofDays(1));
        for (int i = 0; i < 12_000; i++) {
            history.add(new io.wattline.domain.TwinSample(M, first.plusSeconds(i), 400, 10, 0.9, 0.1, "monitoring", false,
                    null, null, null));
        }
        telemetry.writeTwinSamples(history);
        // it says what it deleted: the state, the one artefact, the last hour's 99 calibration and 20 monitoring samples
        assertEquals(new TwinViews.ActionResult("purged", "All data purged: samples, models and degradation of the asset deleted. System is IDLE.", "IDLE", M,
                new TwinViews.Purged(true, 1, 119, clock.instant().minus(Duration.ofHours(1)))), calibration.purge(M));
        // the older samples by a background task of this function (deleting them in the request outlasted API Gateway's
        // 29 s); in the request only the last hour's (the calibration's and 20 s of monitoring): the 12,000 are older
        Fakes.Tasks.Task purgeTask = tasks.submitted.getLast();
        assertEquals("calibration", purgeTask.function());
        assertEquals(CalibrationService.PURGE_TASK, purgeTask.task());
        // (and the calibration's first sample, stamped an hour before it ended, 20 s before the purge)
        int left = telemetry.twinSampleCount(M);
        assertEquals(12_001, left, "the older samples are the task's");
        // a calibration started right after the purge stamps its samples over the hour before it ends: the task must
        // not reach them
        clock.advance(Duration.ofSeconds(1));
        telemetry.writeTwinSamples(List.of(new io.wattline.domain.TwinSample(M, clock.instant().minus(Duration.ofMinutes(59)),
                400, 10, 0.9, 0.1, "calibration", false, null, null, null)));
        // and a read that saved its catch-up just before the purge wrote its samples just after the request deleted the
        // hour: the task takes those (monitoring's), not the calibration's
        telemetry.writeTwinSamples(List.of(new io.wattline.domain.TwinSample(M, clock.instant().minusSeconds(2),
                400, 10, 0.9, 0.1, io.wattline.domain.TwinSample.HEALTHY_MONITORING, false, null, null, null)));
        TwinViews.PurgeRun run = calibration.runPurge(M, Instant.parse((String) purgeTask.payload().get("before")),
                Optional.of(Instant.parse((String) purgeTask.payload().get("purged_at"))));
        assertEquals(new TwinViews.PurgeRun(M, "done", left + 1), run);
        assertEquals(1, telemetry.twinSampleCount(M));
        TwinViews.State s = monitoring.state(M);
        assertEquals("IDLE", s.state());
        assertEquals("System purged. All data wiped. Click 'Calibrate' to begin fresh.", s.message());
        assertEquals(0.0, s.degradationIndex());
        assertNull(s.model());
        assertEquals(1, telemetry.twinSampleCount(M), "the one written after the purge");
        assertEquals(0, artifacts.count("twin/Motor-01/"));
        // the other asset is untouched
        assertEquals(120, telemetry.twinSampleCount("Pump-02"));
        assertEquals(1, artifacts.count("twin/Pump-02/"));
        assertEquals("MONITORING_HEALTHY", monitoring.state("Pump-02").state());
        // and purge is allowed from any state, even twice
        assertEquals("IDLE", calibration.purge(M).state());
        // a motor never seen (a misspelt name) is not made a record of, and the answer says nothing was there
        int records = states.list(TwinRecord.KIND).size();
        assertEquals(new TwinViews.Purged(false, 0, 0, clock.instant().minus(Duration.ofHours(1))),
                calibration.purge("ghost-motor").deleted());
        assertEquals(records, states.list(TwinRecord.KIND).size());
    }

    /**
     * A purge deleted an asset's models and samples only when its state was stored: after a local cloud restarted
     * {@code --in-memory} (the states gone, the artefacts kept on disk) they stayed for good. Now everything stored for the
     * asset goes, state or not, and the answer says what.
     */
    @Test
    void purgeDeletesWhatIsStoredForAnAssetWhoseStateIsGone() {
        calibrated(M, 14);
        clock.advance(Duration.ofSeconds(20));
        monitoring.state(M);
        states.delete(TwinRecord.KIND, M); // the restart's loss
        assertEquals(1, artifacts.count("twin/Motor-01/"));
        assertEquals(120, telemetry.twinSampleCount(M));

        TwinViews.ActionResult purged = calibration.purge(M);
        assertEquals(new TwinViews.Purged(false, 1, 119, clock.instant().minus(Duration.ofHours(1))), purged.deleted());
        assertEquals(0, artifacts.count("twin/Motor-01/"));
        assertTrue(states.get(TwinRecord.KIND, M).isEmpty(), "no record made for it");
        // the calibration's first sample, an hour old, by the task
        Fakes.Tasks.Task task = tasks.submitted.getLast();
        assertEquals(CalibrationService.PURGE_TASK, task.task());
        assertEquals(new TwinViews.PurgeRun(M, "done", 1), calibration.runPurge(M, Instant.parse((String) task.payload().get("before")),
                Optional.of(Instant.parse((String) task.payload().get("purged_at")))));
        assertEquals(0, telemetry.twinSampleCount(M));
    }

    /**
     * A calibration started inside a purge (after its state write made the asset IDLE, while it deleted): the purge's
     * deletes took its artefact and most of its samples, and it monitored on with one calibration sample of 100 left. Now
     * the purge sees the calibration when it has deleted, cancels it (as if it had come after it) and deletes again.
     */
    @Test
    void aCalibrationStartedWhileAPurgeDeletesIsNotLeftHalfDeleted() {
        calibrated(M, 14);
        clock.advance(Duration.ofSeconds(20));
        // the purge's artefact delete is where a calibrate lands, and its task runs whole (5 s) before the samples' delete
        Runnable[] duringNextDelete = {() -> {
            calibration.calibrate(M, Optional.of(21L));
            clock.advance(Duration.ofSeconds(5));
            String id = (String) tasks.submitted.getLast().payload().get("calibration_id");
            assertEquals("done", calibration.runCalibration(M, id).status());
        }};
        io.wattline.store.ArtifactStore racing = new io.wattline.store.ArtifactStore() {
            public String put(String key, byte[] content, Map<String, String> metadata) { return artifacts.put(key, content, metadata); }
            public List<Version> versions(String key) { return artifacts.versions(key); }
            public Optional<byte[]> get(String key, String versionId) { return artifacts.get(key, versionId); }
            public int deleteAll(String prefix) {
                int n = artifacts.deleteAll(prefix);
                Runnable meanwhile = duringNextDelete[0];
                duringNextDelete[0] = null;
                if (meanwhile != null) meanwhile.run();
                return n;
            }
        };
        CalibrationService purging = TwinServices.create(states, telemetry, racing, tasks, clock, TwinLimits.DEFAULT,
                TwinModelConfig.defaults()).calibration();
        TwinViews.ActionResult purged = purging.purge(M);
        assertNull(duringNextDelete[0], "the calibration ran inside the purge");
        TwinViews.State s = monitoring.state(M);
        assertEquals("IDLE", s.state(), "the calibration inside the purge is cancelled, not left monitoring on a part of its data");
        assertEquals("System purged. All data wiped. Click 'Calibrate' to begin fresh.", s.message());
        assertNull(s.model());
        assertEquals(0, artifacts.count("twin/Motor-01/"), "its artefact too");
        // the older calibration's first sample, an hour before it ended, is the task's; nothing of the new one is left
        assertEquals(List.of(clock.instant().minusSeconds(5 + 20).minus(Duration.ofHours(1))),
                telemetry.twinSamples(M, Instant.EPOCH, clock.instant().plusSeconds(1)).stream().map(TwinSample::timestamp).toList());
        // the first artefact, then the new calibration's; its samples and the old ones of the last hour
        assertEquals(2, purged.deleted().modelArtifacts());
    }

    /** Calibrations started inside every round of a purge: it gives up after 9 rounds with a 409 that says what it did. */
    @Test
    void aPurgeThatCalibrationsKeepInterruptingAnswers409SayingWhatItDid() {
        calibrated(M, 14);
        io.wattline.store.ArtifactStore racing = new io.wattline.store.ArtifactStore() {
            public String put(String key, byte[] content, Map<String, String> metadata) { return artifacts.put(key, content, metadata); }
            public List<Version> versions(String key) { return artifacts.versions(key); }
            public Optional<byte[]> get(String key, String versionId) { return artifacts.get(key, versionId); }
            public int deleteAll(String prefix) {
                calibration.calibrate(M, Optional.of(3L));
                return artifacts.deleteAll(prefix);
            }
        };
        CalibrationService purging = TwinServices.create(states, telemetry, racing, tasks, clock, TwinLimits.DEFAULT,
                TwinModelConfig.defaults()).calibration();
        DomainException e = refused(() -> purging.purge(M));
        assertEquals(409, status(e));
        assertEquals("Calibrations of the asset kept starting while it was purged (9 rounds): each was cancelled and its data"
                + " deleted, but the last may still run. Purge again.", e.getMessage());
        assertEquals("CALIBRATING", monitoring.state(M).state(), "the last one");
        // the samples older than the hour are handed on as after a purge that ends well (a review: they stayed)
        Map<String, Object> task = tasks.submitted.stream().filter(t -> t.task().equals(CalibrationService.PURGE_TASK)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no purge task")).payload();
        assertEquals(M, task.get("asset_id"));
    }

    @Test
    void purgeCancelsARunningCalibrationWhichCleansUpAfterItself() {
        calibration.calibrate(M, Optional.of(5L));
        String id = (String) tasks.submitted.getLast().payload().get("calibration_id");
        calibration.purge(M);
        assertEquals("stale", calibration.runCalibration(M, id).status());
        assertEquals("IDLE", monitoring.state(M).state());

        // purge landing while the phases run: the next progress write fails, nothing is left
        calibration.calibrate(M, Optional.of(6L));
        String id2 = (String) tasks.submitted.getLast().payload().get("calibration_id");
        int[] writes = {0};
        // a purge between the first and second progress message
        CalibrationService racer = purgedBefore(json -> ++writes[0] == 2);
        assertEquals("cancelled", racer.runCalibration(M, id2).status());
        assertEquals(0, telemetry.twinSampleCount(M));
        assertEquals(0, artifacts.count("twin/Motor-01/"));
    }

    /** A calibration service whose writes go to {@link #states}, with a purge landing just before the writes {@code when} picks. */
    CalibrationService purgedBefore(java.util.function.Predicate<String> when) {
        Fakes.States racing = new Fakes.States() {
            @Override
            public synchronized long put(String kind, String id, String json, long expectedVersion) {
                if (when.test(json)) {
                    Doc d = states.get(kind, id).orElseThrow();
                    states.put(kind, id, TwinRecord.fresh(M).toJson(), d.version());
                }
                return states.put(kind, id, json, expectedVersion);
            }

            @Override
            public synchronized Optional<Doc> get(String kind, String id) {
                return states.get(kind, id);
            }
        };
        return TwinServices.create(racing, telemetry, artifacts, tasks, clock, TwinLimits.DEFAULT,
                TwinModelConfig.defaults()).calibration();
    }

    @Test
    void purgeJustBeforeTheFinalWriteRemovesWhatTheCalibrationWrote() {
        calibration.calibrate(M, Optional.of(8L));
        String id = (String) tasks.submitted.getLast().payload().get("calibration_id");
        CalibrationService racer = purgedBefore(json -> TwinRecord.fromJson(json).state().equals("MONITORING_HEALTHY"));
        assertEquals("cancelled", racer.runCalibration(M, id).status());
        assertEquals(0, telemetry.twinSampleCount(M));
        assertEquals(0, artifacts.count("twin/Motor-01/"));
    }

    /**
     * Purge, then a new calibration that finishes first, while the old one still runs: the old one's clean-up deletes
     * its own samples only, not the new one's stamped in the same hour (it deleted 80-85 of their 100, found by a hunt).
     */
    @Test
    void aCancelledCalibrationLeavesTheSamplesOfTheOneAfterThePurge() {
        calibration.calibrate(M, Optional.of(9L));
        String id = (String) tasks.submitted.getLast().payload().get("calibration_id");
        List<io.wattline.domain.TwinSample> next = new ArrayList<>();
        CalibrationService racer = purgedBefore(json -> {
            if (!TwinRecord.fromJson(json).state().equals("MONITORING_HEALTHY")) return false;
            Instant end = clock.instant();
            for (int i = 0; i < 100; i++) { // the new calibration's 100 points over the hour before it ended, off the old one's
                next.add(new io.wattline.domain.TwinSample(M, end.minusMillis(36_000L * (100 - i) - 7), 230, 15, 0.92, 0.15,
                        io.wattline.domain.TwinSample.CALIBRATION, false, null, null, null));
            }
            telemetry.writeTwinSamples(next);
            return true;
        });
        assertEquals("cancelled", racer.runCalibration(M, id).status());
        assertEquals(100, telemetry.twinSampleCount(M), "the new calibration's samples stay, the old one's are gone");
        assertEquals(next, telemetry.twinSamples(M, Instant.EPOCH, clock.instant().plusSeconds(1)));
    }

    @Test
    void onlyOneCalibrationUnderSimultaneousCalls() throws Exception {
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            results.add(pool.submit(() -> {
                go.await();
                try {
                    return calibration.calibrate(M, Optional.empty()).status();
                } catch (DomainException e) {
                    return status(e) + "";
                }
            }));
        }
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) outcomes.add(f.get());
        pool.shutdown();
        assertEquals(1, outcomes.stream().filter("started"::equals).count(), outcomes.toString());
        assertEquals(callers - 1, outcomes.stream().filter("400"::equals).count(), outcomes.toString());
        assertEquals(1, tasks.submitted.size());
    }

    @Test
    void aColdFunctionReloadsTheModelsInsteadOfRetraining() {
        calibrated(M, 21);
        clock.advance(Duration.ofSeconds(30));
        monitoring.state(M);
        long getsBefore = artifacts.reads();
        MonitoringService cold = newServices().monitoring();
        clock.advance(Duration.ofSeconds(30));
        TwinViews.State s = cold.state(M);
        assertEquals(getsBefore + 1, artifacts.reads(), "one artefact read");
        assertEquals("2025-10-14T08:01:00+00:00", iso(s.simulatedUntil()));
        assertEquals(1, tasks.submitted.size(), "no new calibration");

        // and it continues exactly as the warm one would have
        Fakes.States states2 = new Fakes.States();
        MemoryTelemetryStore tel2 = new MemoryTelemetryStore();
        Fakes.MutableClock clock2 = new Fakes.MutableClock(T0);
        Fakes.Tasks tasks2 = new Fakes.Tasks();
        TwinServices warm = TwinServices.create(states2, tel2, new MemoryArtifactStore(), tasks2, clock2, TwinLimits.DEFAULT,
                TwinModelConfig.defaults());
        warm.calibration().calibrate(M, Optional.of(21L));
        warm.calibration().runCalibration(M, (String) tasks2.submitted.getLast().payload().get("calibration_id"));
        clock2.advance(Duration.ofSeconds(60));
        TwinViews.State w = warm.monitoring().state(M);
        assertEquals(w.healthyStability(), s.healthyStability());
        assertEquals(w.degradationIndex(), s.degradationIndex());
        assertEquals(w.lastBatchScore(), s.lastBatchScore());
        assertEquals(tel2.twinSamples(M, T0, T0.plusSeconds(60)), telemetry.twinSamples(M, T0, T0.plusSeconds(60)));
    }

    @Test
    void everyMonitoringAssetsModelsStayInMemoryWhenTheHeapHoldsThem() {
        calibrated(M, 21);
        TwinRecord.ModelRef ref = states.get(TwinRecord.KIND, M).map(d -> TwinRecord.fromJson(d.json()).model()).orElseThrow();
        int assets = 20; // a plant's motors, visited each minute by twin_tick in the same order
        TwinModelArtifacts sized = new TwinModelArtifacts(artifacts, assets);
        TwinModelArtifacts small = new TwinModelArtifacts(artifacts, assets - 4);
        for (TwinModelArtifacts cache : List.of(sized, small)) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < assets; i++) cache.of(TwinRecord.fresh("Motor-" + i).withModel(ref));
            }
        }
        long reads = artifacts.reads();
        for (int i = 0; i < assets; i++) sized.of(TwinRecord.fresh("Motor-" + i).withModel(ref));
        assertEquals(reads, artifacts.reads(), "a third round reads no artefact");
        for (int i = 0; i < assets; i++) small.of(TwinRecord.fresh("Motor-" + i).withModel(ref));
        assertEquals(reads + assets, artifacts.reads(), "a cache smaller than the round misses on every visit");

        // Lambda's heap is about 85 % of the memory size
        assertEquals(31, TwinModelArtifacts.capacityFor(870L << 20));
        assertEquals(4, TwinModelArtifacts.capacityFor(64L << 20));
    }

    @Test
    void anAssetWhoseModelsAreGoneStopsAndSaysSoInsteadOfFailingEveryRead() {
        calibrated(M, 23);
        clock.advance(Duration.ofSeconds(30));
        double di = monitoring.state(M).degradationIndex();
        artifacts.deleteAll(TwinModelArtifacts.prefix(M)); // deleted outside the twin (by hand, a bucket emptied)
        MonitoringService cold = newServices().monitoring(); // no models in memory either
        clock.advance(Duration.ofSeconds(30));
        TwinViews.State s = cold.state(M);
        assertEquals("IDLE", s.state());
        // not "purged while a calibration ran": a purge no longer leaves a monitoring asset without its models
        assertEquals("The asset's trained models are missing from the model store (deleted outside the twin, or the store was"
                + " emptied). System is IDLE: call POST /system/calibrate to train them again.", s.message());
        assertEquals(di, s.degradationIndex(), 0.0);
        assertEquals(0, cold.tick().advanced(), "nothing left to advance: it is IDLE now");
    }

    @Test
    void anActionOnAnAssetLeftBehindSkipsWhatItCouldNotCatchUpRatherThanSimulatingItUnderTheNewState() {
        calibrated(M, 23);
        clock.advance(Duration.ofSeconds(400)); // more than an action catches up (300 s), less than a long gap
        Instant injected = clock.instant();
        monitoring.injectFault(M, new Fault(FaultType.SPIKE, Severity.SEVERE));
        TwinViews.State s = monitoring.state(M);
        assertEquals("2025-10-14T08:06:40+00:00", iso(s.simulatedUntil()));
        assertTrue(s.lastEvents().stream().anyMatch(e -> e.type().equals("MONITORING_GAP")
                && e.message().contains(" 100 simulated seconds")), s.lastEvents().toString());
        // before the injection every simulated second is healthy; none is simulated under the fault
        List<TwinSample> before = telemetry.twinSamples(M, T0, injected);
        assertEquals(300, before.size());
        assertTrue(before.stream().allMatch(x -> x.source().equals(TwinSample.HEALTHY_MONITORING)));
        assertTrue(s.lastEvents().stream().noneMatch(e -> "ANOMALY_DETECTED".equals(e.type())), s.lastEvents().toString());
        assertTrue(s.degradationIndex() < 0.01, "DI " + s.degradationIndex());
        clock.advance(Duration.ofSeconds(10));
        monitoring.state(M);
        List<TwinSample> after = telemetry.twinSamples(M, injected, injected.plusSeconds(60));
        assertEquals(10, after.size());
        assertTrue(after.stream().allMatch(x -> x.source().equals(TwinSample.FAULT_INJECTION)));
    }

    @Test
    void aLongGapIsSkippedNotSimulated() {
        calibrated(M, 22);
        clock.advance(Duration.ofHours(3));
        TwinViews.State s = monitoring.state(M);
        assertEquals("2025-10-14T11:00:00+00:00", iso(s.simulatedUntil()));
        assertEquals(100, telemetry.twinSampleCount(M), "no samples for the gap");
        List<TwinViews.Event> events = s.lastEvents();
        assertEquals("MONITORING_GAP", events.getFirst().type());
        clock.advance(Duration.ofSeconds(5));
        assertEquals("2025-10-14T11:00:05+00:00", iso(monitoring.state(M).simulatedUntil()));
        assertEquals(105, telemetry.twinSampleCount(M));
    }

    @Test
    void aCalibrationThatNeverFinishesFails() {
        calibration.calibrate(M, Optional.of(3L));
        clock.advance(Duration.ofMinutes(6));
        TwinViews.State s = monitoring.state(M);
        assertEquals("IDLE", s.state());
        assertEquals("Calibration failed: it did not finish within 300 s", s.message());
        assertEquals("started", calibration.calibrate(M, Optional.of(3L)).status());
    }

    @Test
    void aCalibrationThatCannotStartAnswers503AndLeavesTheAssetIdle() {
        tasks.failing = true;
        DomainException e = refused(() -> calibration.calibrate(M, Optional.empty()));
        assertEquals(503, status(e));
        TwinViews.State s = monitoring.state(M);
        assertEquals("IDLE", s.state());
        assertEquals("Calibration failed: the background task could not be started", s.message());
    }

    @Test
    void theTickAdvancesEveryMonitoringAsset() {
        calibrated(M, 31);
        calibrated("Pump-02", 32);
        calibration.calibrate("Fan-03", Optional.of(33L)); // calibrating: nothing to advance
        clock.advance(Duration.ofSeconds(60));
        TwinViews.TickResult out = monitoring.tick();
        assertEquals(3, out.assets());
        assertEquals(2, out.monitoring());
        assertEquals(2, out.advanced());
        assertEquals(120L, out.simulatedSeconds());
        assertEquals(160, telemetry.twinSampleCount(M));
        assertEquals(160, telemetry.twinSampleCount("Pump-02"));
        assertEquals(new TwinViews.TickResult(3, 2, 0, 0L, 0), monitoring.tick());
    }

    /** A clock that moves {@code step} each time it is read (while the step is not zero). */
    static final class SteppingClock extends java.time.Clock {
        volatile Instant now;
        volatile Duration step = Duration.ZERO;

        SteppingClock(Instant start) {
            now = start;
        }

        @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
        @Override public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public synchronized Instant instant() {
            Instant t = now;
            now = now.plus(step);
            return t;
        }
    }

    @Test
    void aTickOutOfTimeLeavesTheAssetsFurthestBehindFirstForTheNext() {
        // a tick whose clock moves 30 s each time it is read: its 40 s budget starts one asset of four
        SteppingClock clock = new SteppingClock(T0);
        TwinServices services = TwinServices.create(states, telemetry, artifacts, tasks, clock, TwinLimits.DEFAULT,
                TwinModelConfig.defaults());
        List<String> assets = List.of("A-1", "A-2", "A-3", "A-4");
        for (String a : assets) {
            services.calibration().calibrate(a, Optional.of(5L));
            services.calibration().runCalibration(a, (String) tasks.submitted.getLast().payload().get("calibration_id"));
        }
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        Map<String, Instant> before = new java.util.HashMap<>();
        for (String a : assets) before.put(a, simulatedUntil(a));
        for (int tick = 0; tick < assets.size(); tick++) {
            clock.step = Duration.ofSeconds(30);
            TwinViews.TickResult r = services.monitoring().tick();
            clock.step = Duration.ZERO;
            assertEquals(assets.size() - 1, r.leftForNextTick(), "the budget ran out: " + r);
        }
        // four ticks of one asset each: every asset advanced (the first in the list was taken every time, before)
        for (String a : assets) assertTrue(simulatedUntil(a).isAfter(before.get(a)), a + " was left behind");
    }

    Instant simulatedUntil(String asset) {
        return TwinViews.State.of(states.get(TwinRecord.KIND, asset).map(d -> TwinRecord.fromJson(d.json())).orElseThrow())
                .simulatedUntil();
    }

    @Test
    void theSameSeedAndTimelineGiveTheSameTwin() {
        calibrated(M, 99);
        clock.advance(Duration.ofSeconds(20));
        monitoring.injectFault(M, new Fault(FaultType.DRIFT, Severity.MILD));
        clock.advance(Duration.ofSeconds(45));
        Map<String, Object> a = withoutModel(monitoring.state(M));

        setUp();
        calibrated(M, 99);
        clock.advance(Duration.ofSeconds(20));
        monitoring.injectFault(M, new Fault(FaultType.DRIFT, Severity.MILD));
        clock.advance(Duration.ofSeconds(45));
        Map<String, Object> b = withoutModel(monitoring.state(M));
        assertEquals(a, b);
    }
}
