package io.wattline.calibration;

import io.wattline.analytics.twin.Fault;
import io.wattline.analytics.twin.FaultType;
import io.wattline.analytics.twin.Severity;
import io.wattline.analytics.twin.TwinModelConfig;
import io.wattline.domain.TwinSample;
import io.wattline.http.ApiException;
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

class TwinServiceTest {
    static final String M = "Motor-01";
    static final Instant T0 = Instant.parse("2025-10-14T08:00:00Z");

    Fakes.States states;
    Fakes.Telemetry telemetry;
    Fakes.Artifacts artifacts;
    Fakes.Tasks tasks;
    Fakes.MutableClock clock;
    TwinService service;

    @BeforeEach
    void setUp() {
        states = new Fakes.States();
        telemetry = new Fakes.Telemetry();
        artifacts = new Fakes.Artifacts();
        tasks = new Fakes.Tasks();
        clock = new Fakes.MutableClock(T0);
        service = newService();
    }

    TwinService newService() {
        return new TwinService(states, telemetry, artifacts, tasks, clock, TwinService.Limits.DEFAULT, TwinModelConfig.defaults());
    }

    /** Calibrates and runs the background task. */
    void calibrated(String asset, long seed) {
        service.calibrate(asset, Optional.of(seed));
        Fakes.Tasks.Task t = tasks.submitted.getLast();
        assertEquals(Map.of("status", "done"), Map.of("status", service.runCalibration(asset,
                (String) t.payload().get("calibration_id")).get("status")));
    }

    static ApiException refused(Runnable r) {
        return assertThrows(ApiException.class, r::run);
    }

    @Test
    void anAssetNeverCalibratedIsIdle() {
        Map<String, Object> s = service.state(M);
        assertEquals("IDLE", s.get("state"));
        assertEquals("System ready. Click 'Calibrate' to begin.", s.get("message"));
        assertNull(s.get("started_at"));
        assertEquals(0, s.get("training_samples"));
        assertEquals(100.0, s.get("healthy_stability"));
        assertEquals(100.0, s.get("fault_capture_rate"));
        assertEquals(0.0, s.get("degradation_index"));
        assertEquals(100, s.get("health"));
        assertEquals(99999.0, s.get("rul_hours"));
        assertEquals("LOW", s.get("risk_level"));
        assertTrue(states.docs.isEmpty(), "reading writes nothing");
    }

    @Test
    void calibrationAnswersAtOnceAndRunsItsPhasesInTheBackground() {
        Map<String, Object> started = service.calibrate(M, Optional.of(7L));
        assertEquals(Map.of("status", "started", "message", "Calibration started. Generating healthy data...",
                "state", "CALIBRATING"), started);
        Map<String, Object> s = service.state(M);
        assertEquals("CALIBRATING", s.get("state"));
        assertEquals("Generating training data... 0/1000", s.get("message"));
        assertEquals("2025-10-14T08:00:00+00:00", s.get("started_at"));
        assertEquals(1, tasks.submitted.size());
        assertEquals("calibration", tasks.submitted.getFirst().function());
        assertEquals(TwinService.CALIBRATION_TASK, tasks.submitted.getFirst().task());

        ApiException again = refused(() -> service.calibrate(M, Optional.empty()));
        assertEquals(400, again.status());
        assertTrue(again.detail().startsWith("Cannot calibrate in state 'CALIBRATING'. Must be IDLE."));

        clock.advance(Duration.ofSeconds(2));
        String id = (String) tasks.submitted.getFirst().payload().get("calibration_id");
        assertEquals("done", service.runCalibration(M, id).get("status"));
        assertEquals(List.of("Generating training data... 0/1000", "Generating training data... 500/1000",
                "Building baseline profile from 1,000 samples...", "Training anomaly model on 1,000 samples...",
                "Training batch-feature model (16-D statistical features)...",
                "Calibration complete. Trained on 1000 samples."), states.writtenMessages);

        s = service.state(M);
        assertEquals("MONITORING_HEALTHY", s.get("state"));
        assertEquals("Calibration complete. Trained on 1000 samples.", s.get("message"));
        assertEquals(1000, s.get("training_samples"));
        assertEquals("2025-10-14T08:00:02+00:00", s.get("started_at"));
        List<TwinSample> samples = telemetry.twinSamples(M, Instant.EPOCH, T0.plusSeconds(3600));
        assertEquals(100, samples.size());
        assertTrue(samples.stream().allMatch(x -> x.source().equals(TwinSample.CALIBRATION)));
        assertEquals(T0.plusSeconds(2).minusSeconds(3600), samples.getFirst().timestamp());
        assertEquals(1, artifacts.count("twin/Motor-01/" + id + "/"));
        assertEquals("stale", service.runCalibration(M, id).get("status"), "a repeated task does nothing");
    }

    @Test
    void monitoringFollowsTheClockInBoundedSteps() {
        calibrated(M, 11);
        clock.advance(Duration.ofMillis(30_400));
        Map<String, Object> s = service.state(M);
        assertEquals("2025-10-14T08:00:30+00:00", s.get("simulated_until"));
        List<TwinSample> monitoring = telemetry.twinSamples(M, T0, T0.plusSeconds(3600));
        assertEquals(30, monitoring.size());
        assertTrue(monitoring.stream().allMatch(x -> x.source().equals(TwinSample.HEALTHY_MONITORING) && x.score() != null));
        assertEquals(T0.plusSeconds(29), monitoring.getLast().timestamp());

        clock.advance(Duration.ofSeconds(1000)); // more than one read may catch up
        s = service.state(M);
        assertEquals("2025-10-14T08:05:30+00:00", s.get("simulated_until"));
        s = service.state(M);
        assertEquals("2025-10-14T08:10:30+00:00", s.get("simulated_until"));
        double stability = (double) s.get("healthy_stability");
        assertTrue(stability > 90 && stability <= 100, "stability " + stability);
        assertEquals(630, telemetry.twinSamples(M, T0, T0.plusSeconds(7200)).size());
    }

    @Test
    void severeJitterIsCapturedAndDegradesTheAssetUntilReset() {
        calibrated(M, 12);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Map.of("status", "started", "message", "Fault injection started (SEVERE JITTER)",
                "state", "FAULT_INJECTION"), service.injectFault(M, new Fault(FaultType.JITTER, Severity.SEVERE)));
        ApiException twice = refused(() -> service.injectFault(M, new Fault(FaultType.SPIKE, Severity.MILD)));
        assertEquals("Cannot inject fault in state 'FAULT_INJECTION'. Must be MONITORING_HEALTHY.", twice.detail());

        clock.advance(Duration.ofSeconds(120));
        Map<String, Object> s = service.state(M);
        assertEquals("FAULT_INJECTION", s.get("state"));
        assertEquals("Injecting SEVERE JITTER fault...", s.get("message"));
        assertEquals("JITTER", s.get("fault_type"));
        assertEquals("SEVERE", s.get("fault_severity"));
        assertEquals(100.0, s.get("fault_capture_rate"));
        assertEquals("ANOMALY_DETECTED", s.get("anomaly_status"));
        double di = (double) s.get("degradation_index");
        assertTrue(di > 0.15, "DI " + di);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) s.get("last_events");
        assertTrue(events.stream().anyMatch(e -> e.get("message").toString().startsWith("Degradation index crossed 0.15")));
        assertTrue(events.stream().anyMatch(e -> "ANOMALY_DETECTED".equals(e.get("type"))));
        List<TwinSample> faulty = telemetry.twinSamples(M, T0.plusSeconds(10), T0.plusSeconds(130));
        assertEquals(120, faulty.size());
        assertTrue(faulty.stream().allMatch(x -> x.source().equals(TwinSample.FAULT_INJECTION)
                && "JITTER".equals(x.faultType()) && x.faulty()));

        assertEquals(Map.of("status", "reset", "message", "System reset to healthy monitoring.",
                "state", "MONITORING_HEALTHY"), service.reset(M));
        clock.advance(Duration.ofSeconds(60));
        s = service.state(M);
        assertEquals("MONITORING_HEALTHY", s.get("state"));
        assertNull(s.get("fault_type"));
        assertTrue((double) s.get("degradation_index") >= di, "DI never decreases");
        assertEquals("HEALTHY", s.get("anomaly_status"));
    }

    @Test
    void refusedTransitions() {
        assertEquals("Cannot inject fault in state 'IDLE'. Must be MONITORING_HEALTHY.",
                refused(() -> service.injectFault(M, new Fault(FaultType.DEFAULT, Severity.SEVERE))).detail());
        assertEquals("Cannot reset in state 'IDLE'. Must be FAULT_INJECTION or MONITORING_HEALTHY.",
                refused(() -> service.reset(M)).detail());
        assertEquals("System is already IDLE.", refused(() -> service.stop(M)).detail());
        service.calibrate(M, Optional.of(1L));
        assertTrue(refused(() -> service.stop(M)).detail().startsWith("Cannot stop during calibration."));
        assertEquals("Cannot reset in state 'CALIBRATING'. Must be FAULT_INJECTION or MONITORING_HEALTHY.",
                refused(() -> service.reset(M)).detail());
        assertEquals("Cannot inject fault in state 'CALIBRATING'. Must be MONITORING_HEALTHY.",
                refused(() -> service.injectFault(M, new Fault(FaultType.DRIFT, Severity.MILD))).detail());
        service.runCalibration(M, (String) tasks.submitted.getLast().payload().get("calibration_id"));
        assertEquals("Cannot calibrate in state 'MONITORING_HEALTHY'. Must be IDLE. Call POST /system/stop to return"
                + " to IDLE, or POST /system/purge for a deep reset.", refused(() -> service.calibrate(M, Optional.empty())).detail());
        assertTrue(refused(() -> service.calibrate(M, Optional.empty())).status() == 400);
    }

    @Test
    void stopKeepsTheDegradationAndResetsTheMetrics() {
        calibrated(M, 13);
        service.injectFault(M, new Fault(FaultType.DEFAULT, Severity.SEVERE));
        clock.advance(Duration.ofSeconds(40));
        double di = (double) service.state(M).get("degradation_index");
        assertEquals(Map.of("status", "stopped", "message", "Session stopped. System is now IDLE.", "state", "IDLE"),
                service.stop(M));
        clock.advance(Duration.ofSeconds(40));
        Map<String, Object> s = service.state(M);
        assertEquals("IDLE", s.get("state"));
        assertEquals("Session stopped. Click 'Calibrate' to begin a new demo.", s.get("message"));
        assertEquals(0, s.get("training_samples"));
        assertEquals(100.0, s.get("fault_capture_rate"));
        assertEquals(100.0, s.get("healthy_stability"));
        assertEquals(di, (double) s.get("degradation_index"), 0.0);
        assertNull(s.get("simulated_until"), "no monitoring after stop");
        assertEquals(100 + 40, telemetry.count(M), "nothing simulated after stop");
    }

    @Test
    void purgeLeavesNothingOfTheAssetBehind() {
        calibrated(M, 14);
        calibrated("Pump-02", 15);
        clock.advance(Duration.ofSeconds(20));
        service.state(M);
        service.state("Pump-02");
        assertEquals(Map.of("status", "purged",
                        "message", "All data purged: samples, models and degradation of the asset deleted. System is IDLE.",
                        "state", "IDLE"), service.purge(M));
        Map<String, Object> s = service.state(M);
        assertEquals("IDLE", s.get("state"));
        assertEquals("System purged. All data wiped. Click 'Calibrate' to begin fresh.", s.get("message"));
        assertEquals(0.0, s.get("degradation_index"));
        assertNull(s.get("model"));
        assertEquals(0, telemetry.count(M));
        assertEquals(0, artifacts.count("twin/Motor-01/"));
        // the other asset is untouched
        assertEquals(120, telemetry.count("Pump-02"));
        assertEquals(1, artifacts.count("twin/Pump-02/"));
        assertEquals("MONITORING_HEALTHY", service.state("Pump-02").get("state"));
        // and purge is allowed from any state, even twice
        assertEquals("IDLE", service.purge(M).get("state"));
    }

    @Test
    void purgeCancelsARunningCalibrationWhichCleansUpAfterItself() {
        service.calibrate(M, Optional.of(5L));
        String id = (String) tasks.submitted.getLast().payload().get("calibration_id");
        service.purge(M);
        assertEquals("stale", service.runCalibration(M, id).get("status"));
        assertEquals("IDLE", service.state(M).get("state"));

        // purge landing while the phases run: the next progress write fails, nothing is left
        service.calibrate(M, Optional.of(6L));
        String id2 = (String) tasks.submitted.getLast().payload().get("calibration_id");
        Fakes.States racing = new Fakes.States() {
            int writes;

            @Override
            public synchronized long put(String kind, String id, String json, long expectedVersion) {
                if (++writes == 2) {
                    // a purge between the first and second progress message
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
        TwinService racer = new TwinService(racing, telemetry, artifacts, tasks, clock, TwinService.Limits.DEFAULT,
                TwinModelConfig.defaults());
        assertEquals("cancelled", racer.runCalibration(M, id2).get("status"));
        assertEquals(0, telemetry.count(M));
        assertEquals(0, artifacts.count("twin/Motor-01/"));
    }

    @Test
    void purgeJustBeforeTheFinalWriteRemovesWhatTheCalibrationWrote() {
        service.calibrate(M, Optional.of(8L));
        String id = (String) tasks.submitted.getLast().payload().get("calibration_id");
        Fakes.States racing = new Fakes.States() {
            @Override
            public synchronized long put(String kind, String id, String json, long expectedVersion) {
                if (TwinRecord.fromJson(json).state().equals("MONITORING_HEALTHY")) {
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
        TwinService racer = new TwinService(racing, telemetry, artifacts, tasks, clock, TwinService.Limits.DEFAULT,
                TwinModelConfig.defaults());
        assertEquals("cancelled", racer.runCalibration(M, id).get("status"));
        assertEquals(0, telemetry.count(M));
        assertEquals(0, artifacts.count("twin/Motor-01/"));
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
                    return (String) service.calibrate(M, Optional.empty()).get("status");
                } catch (ApiException e) {
                    return e.status() + "";
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
        service.state(M);
        int getsBefore = artifacts.gets.get();
        TwinService cold = newService();
        clock.advance(Duration.ofSeconds(30));
        Map<String, Object> s = cold.state(M);
        assertEquals(getsBefore + 1, artifacts.gets.get(), "one artefact read");
        assertEquals("2025-10-14T08:01:00+00:00", s.get("simulated_until"));
        assertEquals(1, tasks.submitted.size(), "no new calibration");

        // and it continues exactly as the warm one would have
        Fakes.States states2 = new Fakes.States();
        Fakes.Telemetry tel2 = new Fakes.Telemetry();
        Fakes.MutableClock clock2 = new Fakes.MutableClock(T0);
        Fakes.Tasks tasks2 = new Fakes.Tasks();
        TwinService warm = new TwinService(states2, tel2, new Fakes.Artifacts(), tasks2, clock2, TwinService.Limits.DEFAULT,
                TwinModelConfig.defaults());
        warm.calibrate(M, Optional.of(21L));
        warm.runCalibration(M, (String) tasks2.submitted.getLast().payload().get("calibration_id"));
        clock2.advance(Duration.ofSeconds(60));
        Map<String, Object> w = warm.state(M);
        assertEquals(w.get("healthy_stability"), s.get("healthy_stability"));
        assertEquals(w.get("degradation_index"), s.get("degradation_index"));
        assertEquals(w.get("last_batch_score"), s.get("last_batch_score"));
        assertEquals(tel2.twinSamples(M, T0, T0.plusSeconds(60)), telemetry.twinSamples(M, T0, T0.plusSeconds(60)));
    }

    @Test
    void aLongGapIsSkippedNotSimulated() {
        calibrated(M, 22);
        clock.advance(Duration.ofHours(3));
        Map<String, Object> s = service.state(M);
        assertEquals("2025-10-14T11:00:00+00:00", s.get("simulated_until"));
        assertEquals(100, telemetry.count(M), "no samples for the gap");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) s.get("last_events");
        assertEquals("MONITORING_GAP", events.getFirst().get("type"));
        clock.advance(Duration.ofSeconds(5));
        assertEquals("2025-10-14T11:00:05+00:00", service.state(M).get("simulated_until"));
        assertEquals(105, telemetry.count(M));
    }

    @Test
    void aCalibrationThatNeverFinishesFails() {
        service.calibrate(M, Optional.of(3L));
        clock.advance(Duration.ofMinutes(6));
        Map<String, Object> s = service.state(M);
        assertEquals("IDLE", s.get("state"));
        assertEquals("Calibration failed: it did not finish within 300 s", s.get("message"));
        assertEquals("started", service.calibrate(M, Optional.of(3L)).get("status"));
    }

    @Test
    void aCalibrationThatCannotStartAnswers503AndLeavesTheAssetIdle() {
        tasks.failing = true;
        ApiException e = refused(() -> service.calibrate(M, Optional.empty()));
        assertEquals(503, e.status());
        Map<String, Object> s = service.state(M);
        assertEquals("IDLE", s.get("state"));
        assertEquals("Calibration failed: the background task could not be started", s.get("message"));
    }

    @Test
    void theTickAdvancesEveryMonitoringAsset() {
        calibrated(M, 31);
        calibrated("Pump-02", 32);
        service.calibrate("Fan-03", Optional.of(33L)); // calibrating: nothing to advance
        clock.advance(Duration.ofSeconds(60));
        Map<String, Object> out = service.tick();
        assertEquals(3, out.get("assets"));
        assertEquals(2, out.get("advanced"));
        assertEquals(120L, out.get("simulated_seconds"));
        assertEquals(160, telemetry.count(M));
        assertEquals(160, telemetry.count("Pump-02"));
        assertEquals(Map.of("assets", 3, "advanced", 0, "simulated_seconds", 0L, "left_for_next_tick", 0), service.tick());
    }

    @Test
    void theSameSeedAndTimelineGiveTheSameTwin() {
        calibrated(M, 99);
        clock.advance(Duration.ofSeconds(20));
        service.injectFault(M, new Fault(FaultType.DRIFT, Severity.MILD));
        clock.advance(Duration.ofSeconds(45));
        Map<String, Object> a = service.state(M);

        setUp();
        calibrated(M, 99);
        clock.advance(Duration.ofSeconds(20));
        service.injectFault(M, new Fault(FaultType.DRIFT, Severity.MILD));
        clock.advance(Duration.ofSeconds(45));
        Map<String, Object> b = service.state(M);
        a.remove("model");
        b.remove("model");
        assertEquals(a, b);
    }
}
