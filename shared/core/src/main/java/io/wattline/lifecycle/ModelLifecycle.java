package io.wattline.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.wattline.http.Json;
import io.wattline.store.StateStore;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The life of models after their first training ({@code spec/enms.md}, "Model performance and drift"), kept as state
 * documents: training jobs (at most one open per model and machine, enforced by a conditional write of a lock
 * document), evaluations (one partition per model and machine, in time order) and performance alerts. The functions
 * that train run the jobs ({@link #run}); the anomaly function answers the routes and runs {@code training_cleanup}.
 */
public final class ModelLifecycle {
    static final String JOB = "training_job", LOCK = "training_lock", ALERT = "model_alert", ALERT_SLOT = "model_alert_slot";
    /** The background task that runs a training job in the function that trains its model type ({@code {"job_id": …}}). */
    public static final String TRAIN_TASK = "train_model";
    /** A job pending or running for longer than this is failed by {@code training_cleanup}. */
    public static final Duration STALE = Duration.ofMinutes(30);
    /** The completion estimate before any training of the type has completed (then: their mean duration). */
    static final Duration FIRST_ESTIMATE = Duration.ofSeconds(60);
    /** Completed trainings the estimate averages over. */
    static final int ESTIMATE_OVER = 10;
    /** Alert thresholds on R²: a baseline (and the detector reading it) below 0.85; a forecast explaining less than half. */
    public static final double MIN_BASELINE_R2 = 0.85, MIN_FORECAST_R2 = 0.5;

    private final StateStore state;
    private final Supplier<Instant> clock;

    public ModelLifecycle(StateStore state, Supplier<Instant> clock) {
        this.state = state;
        this.clock = clock;
    }

    public static double threshold(String modelType) {
        return ModelTypes.isForecast(modelType) ? MIN_FORECAST_R2 : MIN_BASELINE_R2;
    }

    // ------------------------------------------------------------------ training jobs

    /** The answer to a trigger: the job started, or the open job that kept it from starting. */
    public record Trigger(boolean triggered, TrainingJob job, Instant estimatedCompletion) {}

    /**
     * Starts a pending training job unless one is open for the model and machine. The lock document is written
     * conditionally (absent, or at the version read when its job was over), so of concurrent triggers exactly one wins.
     */
    public Trigger trigger(String modelType, UUID machineId, String triggerType, String reason) {
        Instant now = now();
        String lockId = modelType + "/" + machineId;
        Optional<StateStore.Doc> lock = state.get(LOCK, lockId);
        long expected = 0;
        if (lock.isPresent()) {
            String holderId = read(lock.get().json(), LockDoc.class).jobId();
            Optional<StateStore.Doc> holderDoc = state.get(JOB, holderId);
            Optional<TrainingJob> holder = holderDoc.map(d -> read(d.json(), TrainingJob.class));
            // a job still "running" past its invocation's end stopped (a timeout, a crash): failed here, not held for
            // the half hour after which training_cleanup would
            if (holder.isPresent() && holder.get().stoppedBy(now)) {
                holder = failStopped(holder.get(), holderDoc.get().version(), now).or(() -> job(holderId));
            }
            // a lock whose job is not written yet belongs to a trigger still in progress
            if (holder.isEmpty() || holder.get().open()) return new Trigger(false, holder.orElse(null), null);
            expected = lock.get().version();
        }
        TrainingJob job = new TrainingJob(UUID.randomUUID().toString(), modelType, machineId, TrainingJob.PENDING,
                triggerType, reason, now, null, null, null, null, null);
        try {
            state.put(LOCK, lockId, Json.write(Json.SNAKE, new LockDoc(job.jobId())), expected);
        } catch (StateStore.StaleVersionException lost) {
            return new Trigger(false, null, null);
        }
        state.put(JOB, job.jobId(), Json.write(Json.SNAKE, job), 0);
        return new Trigger(true, job, now.plus(estimate(modelType)));
    }

    record LockDoc(String jobId) {}

    /** Fails a job that stopped past its invocation's deadline, at the version read; empty if it changed meanwhile. */
    private Optional<TrainingJob> failStopped(TrainingJob j, long version, Instant now) {
        return fail(j, version, now, "Marked failed: still running at " + j.deadline().truncatedTo(ChronoUnit.SECONDS)
                + ", when the invocation training it ended (a timeout or a crash stopped it)");
    }

    /** Fails a job at the version read, saying why; empty if it changed meanwhile (it ended, or another caller failed it). */
    private Optional<TrainingJob> fail(TrainingJob j, long version, Instant now, String why) {
        TrainingJob f = j.failed(now, why);
        try {
            state.put(JOB, j.jobId(), Json.write(Json.SNAKE, f), version);
            return Optional.of(f);
        } catch (StateStore.StaleVersionException changed) {
            return Optional.empty();
        }
    }

    public Optional<TrainingJob> job(String jobId) {
        return state.get(JOB, jobId).map(d -> read(d.json(), TrainingJob.class));
    }

    /** The mean duration of the last completed trainings of the type, or {@link #FIRST_ESTIMATE} before there is one. */
    Duration estimate(String modelType) {
        List<Duration> done = jobs().stream().filter(j -> j.modelType().equals(modelType) && j.duration() != null)
                .sorted(Comparator.comparing(TrainingJob::completedAt).reversed()).limit(ESTIMATE_OVER)
                .map(TrainingJob::duration).toList();
        if (done.isEmpty()) return FIRST_ESTIMATE;
        return Duration.ofMillis((long) done.stream().mapToLong(Duration::toMillis).average().orElse(0));
    }

    List<TrainingJob> jobs() {
        return state.list(JOB).stream().map(d -> read(d.json(), TrainingJob.class)).toList();
    }

    /** What a training produced: the version it registered and its evaluation (held-out figures). */
    public record Trained(int modelVersion, String machineName, Evaluation evaluation) {}

    /**
     * Runs a pending job: marks it running, trains, records the evaluation, and completes it, or fails it with the
     * reason. A job that is no longer pending (already run, or failed by {@code training_cleanup}) is left as it is.
     *
     * @return the job as it ended
     */
    public TrainingJob run(String jobId, java.util.function.Function<TrainingJob, Trained> training) {
        Optional<StateStore.Doc> doc = state.get(JOB, jobId);
        if (doc.isEmpty()) throw new IllegalArgumentException("no training job " + jobId);
        TrainingJob job = read(doc.get().json(), TrainingJob.class);
        if (!TrainingJob.PENDING.equals(job.status())) return job;
        TrainingJob running = job.running(now(), io.wattline.http.Invocation.deadline().orElse(null));
        long version;
        try {
            version = state.put(JOB, jobId, Json.write(Json.SNAKE, running), doc.get().version());
        } catch (StateStore.StaleVersionException taken) {
            return job(jobId).orElse(job);
        }
        TrainingJob ended;
        try {
            Trained t = training.apply(running);
            record(job.modelType(), job.machineId(), t.machineName(), t.evaluation());
            ended = running.completed(now(), t.modelVersion());
        } catch (RuntimeException e) {
            ended = running.failed(now(), io.wattline.jobs.JobRuns.reason(e));
        }
        try {
            state.put(JOB, jobId, Json.write(Json.SNAKE, ended), version);
        } catch (StateStore.StaleVersionException cleaned) {
            return job(jobId).orElse(ended); // training_cleanup failed it meanwhile: its verdict stands
        }
        return ended;
    }

    /**
     * {@code training_cleanup}: fails jobs still running past their invocation's deadline, or pending (since created)
     * or running without a known deadline (since started) for over {@link #STALE}, and frees locks whose job was never
     * written.
     *
     * @return the jobs failed
     */
    public List<TrainingJob> cleanup() {
        Instant now = now(), before = now.minus(STALE);
        List<TrainingJob> failed = new ArrayList<>();
        for (StateStore.Doc d : state.list(JOB)) {
            TrainingJob j = read(d.json(), TrainingJob.class);
            if (j.stoppedBy(now)) {
                failStopped(j, d.version(), now).ifPresent(failed::add);
                continue;
            }
            Instant since = TrainingJob.RUNNING.equals(j.status()) && j.startedAt() != null ? j.startedAt() : j.createdAt();
            if (!j.open() || since.isAfter(before)) continue;
            fail(j, d.version(), now, "Marked failed by training_cleanup: " + j.status() + " for over "
                    + STALE.toMinutes() + " minutes (the function training it stopped)").ifPresent(failed::add);
        }
        for (StateStore.Doc lock : state.list(LOCK)) {
            if (lock.updatedAt().isBefore(before) && job(read(lock.json(), LockDoc.class).jobId()).isEmpty()) {
                state.delete(LOCK, lock.id());
            }
        }
        return failed;
    }

    /**
     * Fails every job still open (pending or running) with {@code why}: for a process that knows none of them can still
     * be running (the local cloud at its start, whose functions ran in the JVM that stopped; it held retraining refused
     * until the jobs' deadlines, up to 11 minutes).
     *
     * @return the jobs failed
     */
    public List<TrainingJob> failOpen(String why) {
        Instant now = now();
        List<TrainingJob> failed = new ArrayList<>();
        for (StateStore.Doc d : state.list(JOB)) {
            TrainingJob j = read(d.json(), TrainingJob.class);
            if (j.open()) fail(j, d.version(), now, "Marked failed: " + why).ifPresent(failed::add);
        }
        return failed;
    }

    // ------------------------------------------------------------------ evaluations and alerts

    static String evaluationKind(String modelType, UUID machineId) {
        return "model_eval/" + modelType + "/" + machineId;
    }

    /** Stores an evaluation, then raises an alert when its R² is below the type's threshold or resolves the open one. */
    public void record(String modelType, UUID machineId, String machineName, Evaluation e) {
        String id = e.evaluationDate().truncatedTo(ChronoUnit.MILLIS) + "/" + UUID.randomUUID();
        state.put(evaluationKind(modelType, machineId), id, Json.write(Json.SNAKE, e), 0);
        if (e.rSquared() == null) return;
        double threshold = threshold(modelType);
        if (e.rSquared() < threshold) {
            raise(new PerformanceAlert(UUID.randomUUID().toString(), modelType, machineId, machineName,
                    "performance_degradation", e.rSquared() < threshold - 0.2 ? "high" : "medium",
                    // the seed's words where a model's figure fell; a model trained below it did not drop
                    String.format(java.util.Locale.ROOT, Evaluation.TRAINING.equals(e.source())
                            ? "R² below threshold (%.2f) from its training" : "R² dropped below threshold (%.2f)", threshold), e.rSquared(),
                    threshold, e.evaluationDate(), PerformanceAlert.UNRESOLVED, null));
        } else {
            resolve(modelType, machineId, e.evaluationDate());
        }
    }

    /** The open alert of a model and machine: the slot that keeps it to one (null when none is open). */
    record AlertSlot(String alertId) {}

    /**
     * Raises the alert unless one is open: the alert is written, then the slot taken at the version read, so of
     * concurrent evaluations exactly one keeps its alert (the others delete theirs). An open alert takes the new
     * evaluation's R² and severity instead (it kept the figure that raised it while the model kept falling).
     */
    private void raise(PerformanceAlert a) {
        String key = a.modelType() + "/" + a.machineId();
        Optional<StateStore.Doc> slot = state.get(ALERT_SLOT, key);
        String openId = slot.map(d -> read(d.json(), AlertSlot.class).alertId()).orElse(null);
        Optional<StateStore.Doc> openDoc = openId == null ? Optional.empty() : state.get(ALERT, openId);
        Optional<PerformanceAlert> open = openDoc.map(d -> read(d.json(), PerformanceAlert.class))
                .filter(o -> PerformanceAlert.UNRESOLVED.equals(o.status()));
        if (open.isPresent()) {
            try {
                state.put(ALERT, openId, Json.write(Json.SNAKE, open.get().withLatest(a)), openDoc.get().version());
            } catch (StateStore.StaleVersionException concurrent) {
                // another evaluation updated or resolved it at the same time
            }
            return;
        }
        state.put(ALERT, a.alertId(), Json.write(Json.SNAKE, a), 0);
        try {
            state.put(ALERT_SLOT, key, Json.write(Json.SNAKE, new AlertSlot(a.alertId())), slot.map(StateStore.Doc::version).orElse(0L));
        } catch (StateStore.StaleVersionException raced) {
            state.delete(ALERT, a.alertId());
        }
    }

    /** Resolves the open alert, then frees the slot (a slot naming a resolved alert is free too). */
    private void resolve(String modelType, UUID machineId, Instant at) {
        Optional<StateStore.Doc> slot = state.get(ALERT_SLOT, modelType + "/" + machineId);
        if (slot.isEmpty()) return;
        String alertId = read(slot.get().json(), AlertSlot.class).alertId();
        Optional<StateStore.Doc> doc = alertId == null ? Optional.empty() : state.get(ALERT, alertId);
        if (doc.isEmpty()) return;
        PerformanceAlert open = read(doc.get().json(), PerformanceAlert.class);
        if (!PerformanceAlert.UNRESOLVED.equals(open.status())) return;
        try {
            state.put(ALERT, alertId, Json.write(Json.SNAKE, open.resolved(at)), doc.get().version());
            state.put(ALERT_SLOT, slot.get().id(), Json.write(Json.SNAKE, new AlertSlot(null)), slot.get().version());
        } catch (StateStore.StaleVersionException concurrent) {
            // resolved by another evaluation, or a new alert took the slot
        }
    }

    /** Every evaluation of the model of a machine, oldest first. */
    public List<Evaluation> evaluations(String modelType, UUID machineId) {
        return state.list(evaluationKind(modelType, machineId)).stream().map(d -> read(d.json(), Evaluation.class))
                // evaluations at one instant in the order of the versions they evaluated (their ids are random after the date)
                .sorted(Comparator.comparing(Evaluation::evaluationDate).thenComparingInt(Evaluation::modelVersion)).toList();
    }

    public List<PerformanceAlert> activeAlerts() {
        return state.list(ALERT).stream().map(d -> read(d.json(), PerformanceAlert.class))
                .filter(a -> PerformanceAlert.UNRESOLVED.equals(a.status()))
                .sorted(Comparator.comparing(PerformanceAlert::createdAt)).toList();
    }

    /** The direction of R² over evaluations and, when it falls, its fall per day. */
    public record Trend(String direction, Double degradationRatePerDay) {}

    /**
     * Least-squares slope of R² per day (over at least a day: evaluations within one count their change as a day's):
     * above +0.005 improving, below −0.005 degrading, else stable.
     */
    public static Trend trend(List<Evaluation> evaluations) {
        List<Evaluation> with = evaluations.stream().filter(e -> e.rSquared() != null).toList();
        if (with.size() < 2) return new Trend("stable", null);
        // in milliseconds: trainings a tenth of a second apart fell in one second, every x was 0, and an R² that
        // collapsed between them read "stable"
        long t0 = with.get(0).evaluationDate().toEpochMilli();
        double mx = 0, my = 0;
        for (Evaluation e : with) {
            mx += days(e, t0);
            my += e.rSquared();
        }
        mx /= with.size();
        my /= with.size();
        double sxy = 0, sxx = 0;
        for (Evaluation e : with) {
            double x = days(e, t0) - mx;
            sxy += x * (e.rSquared() - my);
            sxx += x * x;
        }
        double span = days(with.get(with.size() - 1), t0);
        double slope;
        if (span >= 1) {
            slope = sxy / sxx;
        } else {
            // evaluations minutes apart (a drift check, a retrain) span no day: their slope per day read 760 R² lost a
            // day; over less than a day, the change is spread over one day (from first to last where they share an instant)
            slope = sxx > 0 ? sxy / sxx * span : with.get(with.size() - 1).rSquared() - with.get(0).rSquared();
        }
        if (slope > 0.005) return new Trend("improving", null);
        if (slope < -0.005) return new Trend("degrading", -slope);
        return new Trend("stable", null);
    }

    private static double days(Evaluation e, long t0) {
        return (e.evaluationDate().toEpochMilli() - t0) / 86_400_000.0;
    }

    private Instant now() {
        return clock.get();
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json.SNAKE.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " document", e);
        }
    }

}
