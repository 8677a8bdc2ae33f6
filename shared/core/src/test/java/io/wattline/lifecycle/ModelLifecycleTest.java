package io.wattline.lifecycle;

import io.wattline.testing.MemoryStateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

class ModelLifecycleTest {
    static final UUID M = UUID.fromString("c0000000-0000-0000-0000-000000000004");
    static final UUID M2 = UUID.fromString("c0000000-0000-0000-0000-000000000005");
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-02T10:00:00Z"));
    final ModelLifecycle lifecycle = new ModelLifecycle(new MemoryStateStore(), now::get);

    static Evaluation eval(Instant at, int version, double r2, double rmse) {
        return eval(at, version, r2, rmse, Evaluation.SCHEDULED);
    }

    static Evaluation eval(Instant at, int version, double r2, double rmse, String source) {
        return new Evaluation(at, version, r2, rmse, rmse * 0.8, null, false, null, source);
    }

    @Test
    void fiftyConcurrentTriggersStartExactlyOneTraining() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ModelLifecycle.Trigger>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                return lifecycle.trigger(ModelTypes.BASELINE, M, "manual", "load test");
            }));
        }
        go.countDown();
        int started = 0;
        for (Future<ModelLifecycle.Trigger> c : calls) if (c.get().triggered()) started++;
        pool.shutdown();
        assertEquals(1, started);
        assertEquals(1, lifecycle.jobs().size());
        // another model of the same machine is not held back
        assertTrue(lifecycle.trigger(ModelTypes.FORECAST_ARIMA, M, "manual", null).triggered());
    }

    @Test
    void aJobRunsOnceRecordsItsEvaluationAndFreesTheModel() {
        ModelLifecycle.Trigger t = lifecycle.trigger(ModelTypes.BASELINE, M, "manual", "Testing");
        assertTrue(t.triggered());
        // no training has completed yet: the first estimate
        assertEquals(now.get().plus(ModelLifecycle.FIRST_ESTIMATE), t.estimatedCompletion());
        assertFalse(lifecycle.trigger(ModelTypes.BASELINE, M, "manual", null).triggered());
        TrainingJob done = lifecycle.run(t.job().jobId(), j -> {
            now.set(now.get().plusSeconds(42));
            return new ModelLifecycle.Trained(3, "Hydraulic-Pump-1", eval(now.get(), 3, 0.97, 1.2));
        });
        assertEquals(TrainingJob.COMPLETED, done.status());
        assertEquals(3, done.modelVersion());
        assertEquals(1, lifecycle.evaluations(ModelTypes.BASELINE, M).size());
        // a second run of the same job does nothing; the next trigger starts, estimated from the measured 42 s
        assertEquals(done, lifecycle.run(t.job().jobId(), j -> fail("ran twice")));
        ModelLifecycle.Trigger next = lifecycle.trigger(ModelTypes.BASELINE, M, "drift", "drift detected");
        assertTrue(next.triggered());
        assertEquals(now.get().plusSeconds(42), next.estimatedCompletion());
        // a training that throws fails its job with the reason: a domain refusal's own words, anything else (a store's
        // or the SDK's error, which names tables and roles) a sentence pointing at the log
        TrainingJob failed = lifecycle.run(next.job().jobId(), j -> { throw new io.wattline.domain.DomainException.InvalidInput("Not enough data"); });
        assertEquals(TrainingJob.FAILED, failed.status());
        assertEquals("Not enough data", failed.error());
        ModelLifecycle.Trigger third = lifecycle.trigger(ModelTypes.BASELINE, M, "manual", null);
        TrainingJob hidden = lifecycle.run(third.job().jobId(), j -> {
            throw new IllegalStateException("User: arn:aws:sts::123456789012:assumed-role/wattline-anomaly is not authorized");
        });
        assertEquals("an internal error (IllegalStateException; the function's log has the details)", hidden.error());
    }

    @Test
    void cleanupFailsJobsLeftOpenForHalfAnHourThenANewTriggerStarts() {
        ModelLifecycle.Trigger t = lifecycle.trigger(ModelTypes.FORECAST_PROPHET, M, "manual", null);
        now.set(now.get().plus(Duration.ofMinutes(29)));
        assertTrue(lifecycle.cleanup().isEmpty());
        now.set(now.get().plus(Duration.ofMinutes(2)));
        List<TrainingJob> failed = lifecycle.cleanup();
        assertEquals(1, failed.size());
        assertEquals(TrainingJob.FAILED, lifecycle.job(t.job().jobId()).orElseThrow().status());
        assertTrue(failed.get(0).error().startsWith("Marked failed by training_cleanup: pending for over 30 minutes"));
        // the function that picks the job up late finds it failed and leaves it so
        assertEquals(TrainingJob.FAILED, lifecycle.run(t.job().jobId(), j -> fail("ran a failed job")).status());
        assertTrue(lifecycle.trigger(ModelTypes.FORECAST_PROPHET, M, "manual", null).triggered());
    }

    @Test
    void aTrainingKilledMidRunIsFailedHalfAnHourAfterItStarted() {
        ModelLifecycle.Trigger t = lifecycle.trigger(ModelTypes.BASELINE, M, "scheduled", null);
        now.set(now.get().plus(Duration.ofMinutes(20))); // picked up late: running counts from its start
        assertThrows(StackOverflowError.class, () -> lifecycle.run(t.job().jobId(), j -> { throw new StackOverflowError(); }));
        assertEquals(TrainingJob.RUNNING, lifecycle.job(t.job().jobId()).orElseThrow().status());
        now.set(now.get().plus(Duration.ofMinutes(29)));
        assertTrue(lifecycle.cleanup().isEmpty());
        now.set(now.get().plus(Duration.ofMinutes(2)));
        TrainingJob failed = lifecycle.cleanup().get(0);
        assertEquals(t.job().jobId(), failed.jobId());
        assertTrue(failed.error().startsWith("Marked failed by training_cleanup: running for over 30 minutes"), failed.error());
        assertNull(failed.modelVersion());
    }

    /**
     * A training whose invocation Lambda stopped (a timeout at 5 minutes here) kept retraining refused until
     * training_cleanup failed it, up to an hour and a half later; a job that recorded its invocation's deadline is
     * failed by the first trigger (or cleanup) a minute past it.
     */
    @Test
    void aTrainingStoppedAtItsInvocationsDeadlineIsFailedByTheNextTrigger() {
        ModelLifecycle.Trigger t = lifecycle.trigger(ModelTypes.FORECAST_ARIMA, M, "manual", null);
        Instant deadline = now.get().plus(Duration.ofMinutes(5));
        assertThrows(StackOverflowError.class, () -> io.wattline.http.Invocation.until(deadline,
                () -> lifecycle.run(t.job().jobId(), j -> { throw new StackOverflowError(); })));
        TrainingJob running = lifecycle.job(t.job().jobId()).orElseThrow();
        assertEquals(TrainingJob.RUNNING, running.status());
        assertEquals(deadline, running.deadline());
        now.set(deadline.plusSeconds(50));
        ModelLifecycle.Trigger refused = lifecycle.trigger(ModelTypes.FORECAST_ARIMA, M, "manual", null);
        assertFalse(refused.triggered(), "within a minute of its deadline the job may still be writing");
        assertEquals(t.job().jobId(), refused.job().jobId());
        now.set(deadline.plusSeconds(70));
        ModelLifecycle.Trigger next = lifecycle.trigger(ModelTypes.FORECAST_ARIMA, M, "manual", "after a timeout");
        assertTrue(next.triggered());
        TrainingJob failed = lifecycle.job(t.job().jobId()).orElseThrow();
        assertEquals(TrainingJob.FAILED, failed.status());
        assertEquals("Marked failed: still running at 2026-11-02T10:05:00Z, when the invocation training it ended"
                + " (a timeout or a crash stopped it)", failed.error());
        // the new job runs in an invocation of its own; cleanup fails a stopped one the same way, once
        Instant second = now.get().plus(Duration.ofMinutes(5));
        assertThrows(StackOverflowError.class, () -> io.wattline.http.Invocation.until(second,
                () -> lifecycle.run(next.job().jobId(), j -> { throw new StackOverflowError(); })));
        now.set(second.plusSeconds(61));
        assertEquals(List.of(next.job().jobId()), lifecycle.cleanup().stream().map(TrainingJob::jobId).toList());
        assertTrue(lifecycle.cleanup().isEmpty());
        // without a known deadline (a run outside Lambda) the half-hour bound stands, as before
        assertNull(lifecycle.job(lifecycle.trigger(ModelTypes.FORECAST_ARIMA, M, "manual", null).job().jobId())
                .orElseThrow().deadline());
    }

    /** The local cloud at its start: every job still open ran in the JVM that stopped; failed, and retraining starts. */
    @Test
    void failOpenFailsEveryOpenJobOnly() {
        ModelLifecycle.Trigger pending = lifecycle.trigger(ModelTypes.BASELINE, M, "manual", null);
        ModelLifecycle.Trigger running = lifecycle.trigger(ModelTypes.FORECAST_ARIMA, M, "manual", null);
        assertThrows(StackOverflowError.class, () -> lifecycle.run(running.job().jobId(), j -> { throw new StackOverflowError(); }));
        ModelLifecycle.Trigger done = lifecycle.trigger(ModelTypes.BASELINE, M2, "manual", null);
        lifecycle.run(done.job().jobId(), j -> new ModelLifecycle.Trained(1, "Pump", eval(now.get(), 1, 0.9, 1.0)));
        List<TrainingJob> failed = lifecycle.failOpen("the local cloud stopped while it ran");
        assertEquals(java.util.Set.of(pending.job().jobId(), running.job().jobId()),
                failed.stream().map(TrainingJob::jobId).collect(java.util.stream.Collectors.toSet()));
        assertEquals("Marked failed: the local cloud stopped while it ran", lifecycle.job(running.job().jobId()).orElseThrow().error());
        assertEquals(TrainingJob.COMPLETED, lifecycle.job(done.job().jobId()).orElseThrow().status());
        assertTrue(lifecycle.trigger(ModelTypes.FORECAST_ARIMA, M, "manual", null).triggered());
        assertTrue(lifecycle.failOpen("again").stream().noneMatch(j -> j.jobId().equals(running.job().jobId())));
    }

    @Test
    void anAlertIsRaisedBelowTheThresholdAndResolvedWhenBackAbove() {
        Instant t0 = now.get();
        lifecycle.record(ModelTypes.BASELINE, M, "Hydraulic-Pump-1", eval(t0, 1, 0.95, 1.0));
        assertTrue(lifecycle.activeAlerts().isEmpty());
        lifecycle.record(ModelTypes.BASELINE, M, "Hydraulic-Pump-1", eval(t0.plusSeconds(3600), 1, 0.80, 2.0));
        lifecycle.record(ModelTypes.BASELINE, M, "Hydraulic-Pump-1", eval(t0.plusSeconds(7200), 1, 0.78, 2.2));
        List<PerformanceAlert> alerts = lifecycle.activeAlerts();
        assertEquals(1, alerts.size(), "one open alert per model and machine");
        assertEquals(0.78, alerts.get(0).currentValue(), "the open alert shows the latest evaluation's figure");
        assertEquals(t0.plusSeconds(3600), alerts.get(0).createdAt(), "raised by the first evaluation below");
        assertEquals("medium", alerts.get(0).severity());
        assertEquals("R² dropped below threshold (0.85)", alerts.get(0).message());
        lifecycle.record(ModelTypes.BASELINE, M, "Hydraulic-Pump-1", eval(t0.plusSeconds(8000), 1, 0.40, 3.0));
        assertEquals(List.of("high"), lifecycle.activeAlerts().stream().map(PerformanceAlert::severity).toList(),
                "a fall past 0.2 under the threshold raises the open alert's severity");
        // a forecast at R² 0.8 is above its own threshold
        lifecycle.record(ModelTypes.FORECAST_ARIMA, M, "Hydraulic-Pump-1", eval(t0, 1, 0.8, 5));
        assertEquals(1, lifecycle.activeAlerts().size());
        lifecycle.record(ModelTypes.BASELINE, M, "Hydraulic-Pump-1", eval(t0.plusSeconds(9000), 2, 0.96, 1.0));
        assertTrue(lifecycle.activeAlerts().isEmpty());        // a model whose own training figure is below the threshold did not drop: said so
        lifecycle.record(ModelTypes.BASELINE, M2, "Press-2", eval(t0, 1, 0.70, 2.0, Evaluation.TRAINING));
        assertEquals("R² below threshold (0.85) from its training", lifecycle.activeAlerts().stream()
                .filter(a -> a.machineId().equals(M2)).findFirst().orElseThrow().message());
    }

    /** One alert per fall, raised again after a resolution; the race itself shows over the wire (ModelLifecycleEndToEndTest). */
    @Test
    void concurrentEvaluationsBelowTheThresholdRaiseOneAlertPerFall() throws Exception {
        for (int round = 0; round < 2; round++) {
            ExecutorService pool = Executors.newFixedThreadPool(20);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Instant at = now.get().plusSeconds(i);
                calls.add(pool.submit(() -> {
                    go.await();
                    lifecycle.record(ModelTypes.BASELINE, M, "Hydraulic-Pump-1", eval(at, 1, 0.7, 3));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> c : calls) c.get();
            pool.shutdown();
            assertEquals(1, lifecycle.activeAlerts().size(), "round " + round);
            // a retrained model back above resolves it; the next fall raises a new one
            lifecycle.record(ModelTypes.BASELINE, M, "Hydraulic-Pump-1", eval(now.get().plusSeconds(60), 2, 0.95, 1));
            assertTrue(lifecycle.activeAlerts().isEmpty());
            now.set(now.get().plusSeconds(3600));
        }
    }

    @Test
    void driftScoreAndTrendFollowTheSpec() {
        Drift none = Drift.between(0.96, 1.7, 0.95, 1.8);
        assertEquals(0.6 * 0.01 + 0.4 * 0.1 / 1.7, none.score(), 1e-9);
        assertEquals("no_drift", none.type());
        assertEquals("performance_degradation", Drift.between(0.96, 1.0, 0.90, 1.6).type());
        assertEquals("concept_drift", Drift.between(0.96, 1.0, 0.70, 2.0).type());
        // the threshold is on the absolute change: a model fitting its window far better than at first has drifted too
        // (it was reported as no drift: the machine runs differently from what the model learned)
        Drift better = Drift.between(0.93, 2.83, 0.999, 0.522);
        assertEquals(0.6 * 0.069 + 0.4 * (2.83 - 0.522) / 2.83, better.score(), 1e-9);
        assertTrue(better.detected());
        assertEquals("concept_drift", better.type());
        assertTrue(better.recommendation().startsWith("Model performance changed beyond the threshold, for the better"),
                better.recommendation());
        // the same change in either direction scores the same and is detected the same
        Drift up = Drift.between(0.45, 2.0, 0.90, 2.0), down = Drift.between(0.90, 2.0, 0.45, 2.0);
        assertEquals(up.score(), down.score(), 1e-12);
        assertTrue(up.detected() && down.detected());
        assertEquals("concept_drift", down.type()); // R² fell by 0.45
        // just under the threshold either way: no drift
        assertFalse(Drift.between(0.90, 2.0, 0.90, 2.0 * (1 + 0.24 / 0.4)).detected());
        assertFalse(Drift.between(0.90, 2.0, 0.90, 2.0 * (1 - 0.24 / 0.4)).detected());
        Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
        ModelLifecycle.Trend falling = ModelLifecycle.trend(List.of(eval(t0, 1, 0.96, 1), eval(t0.plus(Duration.ofDays(10)), 1, 0.86, 1),
                eval(t0.plus(Duration.ofDays(20)), 1, 0.76, 1)));
        assertEquals("degrading", falling.direction());
        assertEquals(0.01, falling.degradationRatePerDay(), 1e-9);
        assertEquals("improving", ModelLifecycle.trend(List.of(eval(t0, 1, 0.80, 1), eval(t0.plus(Duration.ofDays(7)), 2, 0.95, 1))).direction());
        assertEquals("stable", ModelLifecycle.trend(List.of(eval(t0, 1, 0.80, 1))).direction());
        // two checks seconds apart: 0.004 lost is 0.004 a day at most, not 0.004 per 10 seconds (34.6 a day)
        assertEquals("stable", ModelLifecycle.trend(List.of(eval(t0, 1, 0.9982, 1), eval(t0.plusSeconds(10), 1, 0.9942, 1))).direction());
        ModelLifecycle.Trend minutes = ModelLifecycle.trend(List.of(eval(t0, 1, 0.99, 1), eval(t0.plusSeconds(60), 1, 0.90, 1)));
        assertEquals("degrading", minutes.direction());
        assertEquals(0.09, minutes.degradationRatePerDay(), 1e-9);
        // two trainings a tenth of a second apart, within one second: the collapse counts (it read "stable")
        ModelLifecycle.Trend sameSecond = ModelLifecycle.trend(List.of(eval(t0.plusMillis(400), 1, 0.6658, 1),
                eval(t0.plusMillis(500), 1, -2.5, 1)));
        assertEquals("degrading", sameSecond.direction());
        assertEquals(3.1658, sameSecond.degradationRatePerDay(), 1e-9);
        assertEquals("improving", ModelLifecycle.trend(List.of(eval(t0, 1, -10, 1), eval(t0, 1, 0.1, 1))).direction(),
                "two evaluations at one instant: their change");
    }
}
