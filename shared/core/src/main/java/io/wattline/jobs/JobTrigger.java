package io.wattline.jobs;

import java.time.Instant;

/** Starts a job now, in the function that owns it, without waiting for it to finish. */
public interface JobTrigger {
    void trigger(Job job, Instant time);
}
