package io.wattline.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A training of one model of one machine: {@code pending} → {@code running} → {@code completed} or {@code failed}.
 * {@code deadline}: when Lambda stops the invocation running it (null when not known, or not running).
 */
public record TrainingJob(String jobId, String modelType, UUID machineId, String status, String triggerType, String reason,
                          Instant createdAt, Instant startedAt, Instant completedAt, Integer modelVersion, String error,
                          Instant deadline) {
    public static final String PENDING = "pending", RUNNING = "running", COMPLETED = "completed", FAILED = "failed";

    public boolean open() {
        return PENDING.equals(status) || RUNNING.equals(status);
    }

    /** Running in the invocation that Lambda stops at {@code deadline} (null: not known). */
    TrainingJob running(Instant at, Instant deadline) {
        return new TrainingJob(jobId, modelType, machineId, RUNNING, triggerType, reason, createdAt, at, null, null, null, deadline);
    }

    TrainingJob completed(Instant at, int version) {
        return new TrainingJob(jobId, modelType, machineId, COMPLETED, triggerType, reason, createdAt, startedAt, at, version, null, null);
    }

    TrainingJob failed(Instant at, String why) {
        return new TrainingJob(jobId, modelType, machineId, FAILED, triggerType, reason, createdAt, startedAt, at, null, why, null);
    }

    /** Still "running" though its invocation has ended: a timeout or a crash stopped it before it could say so. */
    boolean stoppedBy(Instant now) {
        return RUNNING.equals(status) && io.wattline.http.Invocation.ended(deadline, now);
    }

    /** How long it ran, for the completion estimates of later trainings; null unless completed. */
    Duration duration() {
        return COMPLETED.equals(status) && startedAt != null && completedAt != null ? Duration.between(startedAt, completedAt) : null;
    }
}
