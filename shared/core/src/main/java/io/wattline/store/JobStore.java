package io.wattline.store;

import java.time.Instant;
import java.util.Optional;

/** What the scheduled jobs last did. */
public interface JobStore {
    record JobRun(String jobId, Instant startedAt, Instant finishedAt, String status, String message) {}

    void record(JobRun run);
    Optional<JobRun> lastRun(String jobId);
}
