package io.wattline.jobs;

import io.wattline.store.JobStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduled job's run, recorded so that {@code scheduler/status} and {@code health} show its last run:
 * {@code running} when it starts, then its outcome (or {@code failed} with the error). Recording never
 * fails the job: a store error is logged and the job's own result stands. An operator is told of a run that did not
 * succeed (the stack's alarms): one that failed on everything it had to do fails its invocation ({@link Failed}: the
 * function's error metric, and Lambda's two retries of the asynchronous invocation, then its dead-letter queue); one that failed on part of it counts one in the metric
 * {@value #METRIC_NAMESPACE}/{@value #PARTIAL_METRIC}, in CloudWatch's embedded metric format on stdout (a retry
 * would redo the parts that worked).
 */
public final class JobRuns {
    private static final Logger LOG = LoggerFactory.getLogger(JobRuns.class);

    public static final String METRIC_NAMESPACE = "Wattline";
    public static final String PARTIAL_METRIC = "JobRunsPartlyFailed";

    /** A run that failed on everything it had to do, thrown once it is recorded. */
    public static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    /** How a run ended: {@code success}, {@code partial} or {@code failed}, a message, and the job's result. */
    public record Outcome<T>(String status, String message, T result) {}

    private final Supplier<JobStore> store;

    /** @param store where runs are recorded; a null store (tests) records nothing */
    public JobRuns(Supplier<JobStore> store) {
        this.store = store;
    }

    public <T> T run(Job job, Supplier<Outcome<T>> work) {
        Instant started = Instant.now();
        record(new JobStore.JobRun(job.id(), started, null, "running", null, io.wattline.http.Invocation.deadline().orElse(null)));
        Outcome<T> outcome;
        try {
            outcome = work.get();
        } catch (RuntimeException e) {
            record(new JobStore.JobRun(job.id(), started, Instant.now(), "failed", reason(e)));
            throw e;
        }
        record(new JobStore.JobRun(job.id(), started, Instant.now(), outcome.status(), outcome.message()));
        if ("failed".equals(outcome.status())) throw new Failed("job " + job.id() + " failed: " + outcome.message());
        if ("partial".equals(outcome.status())) System.out.println(partialMetric(job.id(), Instant.now()));
        return outcome.result();
    }

    /** One count of {@link #PARTIAL_METRIC}, with the job as a dimension and without (the alarm's), as a log line. */
    static String partialMetric(String jobId, Instant at) {
        Map<String, Object> metric = Map.of("Namespace", METRIC_NAMESPACE,
                "Dimensions", List.of(List.of(), List.of("job")),
                "Metrics", List.of(Map.of("Name", PARTIAL_METRIC, "Unit", "Count")));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of("Timestamp", at.toEpochMilli(), "CloudWatchMetrics", List.of(metric)));
        line.put("job", jobId);
        line.put(PARTIAL_METRIC, 1);
        return io.wattline.http.Json.write(io.wattline.http.Json.PLAIN, line);
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
