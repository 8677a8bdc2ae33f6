package io.wattline.store;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the scheduled jobs last did. */
public interface JobStore {
    /**
     * {@code deadline}: when the invocation running it is stopped by Lambda (null when not known): a run still
     * "running" after it stopped without recording its outcome.
     */
    record JobRun(String jobId, Instant startedAt, Instant finishedAt, String status, String message, Instant deadline) {
        public JobRun(String jobId, Instant startedAt, Instant finishedAt, String status, String message) {
            this(jobId, startedAt, finishedAt, status, message, null);
        }
    }

    void record(JobRun run);
    Optional<JobRun> lastRun(String jobId);

    /** The last run of each of these jobs that has run (an adapter reads them in one request). */
    default Map<String, JobRun> lastRuns(Collection<String> jobIds) {
        Map<String, JobRun> out = new LinkedHashMap<>();
        for (String id : jobIds) lastRun(id).ifPresent(r -> out.put(id, r));
        return out;
    }
}
