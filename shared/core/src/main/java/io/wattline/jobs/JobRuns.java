package io.wattline.jobs;

import io.wattline.store.JobStore;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduled job's run, recorded so that {@code scheduler/status} and {@code health} show its last run:
 * {@code running} when it starts, then its outcome (or {@code failed} with the error). Recording never
 * fails the job: a store error is logged and the job's own result stands.
 */
public final class JobRuns {
    private static final Logger LOG = LoggerFactory.getLogger(JobRuns.class);

    /** How a run ended: {@code success}, {@code partial} or {@code failed}, a message, and the job's result. */
    public record Outcome<T>(String status, String message, T result) {}

    private final Supplier<JobStore> store;

    /** @param store where runs are recorded; a null store (tests) records nothing */
    public JobRuns(Supplier<JobStore> store) {
        this.store = store;
    }

    public <T> T run(Job job, Supplier<Outcome<T>> work) {
        Instant started = Instant.now();
        record(new JobStore.JobRun(job.id(), started, null, "running", null));
        Outcome<T> outcome;
        try {
            outcome = work.get();
        } catch (RuntimeException e) {
            record(new JobStore.JobRun(job.id(), started, Instant.now(), "failed", reason(e)));
            throw e;
        }
        record(new JobStore.JobRun(job.id(), started, Instant.now(), outcome.status(), outcome.message()));
        return outcome.result();
    }

    /**
     * What a failure may say where read keys see it (a job's last run, a training job, the failures a job lists): a
     * domain refusal's own message, written for its reader; anything else (a store's or the SDK's error, which can name
     * tables, roles and request ids) a sentence pointing at the log, where it goes whole.
     */
    public static String reason(RuntimeException e) {
        if (e instanceof io.wattline.domain.DomainException) return e.getMessage();
        LOG.error("an internal error, shown to callers without its details", e);
        return "an internal error (" + e.getClass().getSimpleName() + "; the function's log has the details)";
    }

    private void record(JobStore.JobRun run) {
        if (store == null) return;
        try {
            JobStore s = store.get();
            if (s != null) s.record(run);
        } catch (RuntimeException e) {
            LOG.warn("could not record the run of job {}: {}", run.jobId(), e.toString());
        }
    }
}
