package io.wattline.data;

import io.wattline.store.JobStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobRunViewTest {
    /**
     * A run whose function was killed never records its outcome: it read "running" until the job's next run (a reliability
     * hunt: kpi_calculate killed at 12:44 read running until 00:30). Past the longest a run can take, it reads failed.
     */
    @Test
    void aRunWithoutOutcomePastTheLongestRunReadsFailed() {
        Instant started = Instant.parse("2026-12-07T12:44:26Z");
        JobStore.JobRun running = new JobStore.JobRun("kpi_calculate", started, null, "running", null);
        assertEquals("running", SystemStatus.JobRun.of(running, started.plusSeconds(14 * 60)).status(), "may still be running");
        SystemStatus.JobRun stopped = SystemStatus.JobRun.of(running, started.plusSeconds(16 * 60));
        assertEquals("failed", stopped.status());
        assertTrue(stopped.message().startsWith("No outcome recorded in the 15 minutes since it started"), stopped.message());
        assertTrue(stopped.message().endsWith("POST /api/v1/scheduler/trigger/kpi_calculate"), stopped.message());
        JobStore.JobRun done = new JobStore.JobRun("kpi_calculate", started, started.plusSeconds(30), "success", "ok");
        assertEquals("success", SystemStatus.JobRun.of(done, started.plusSeconds(3600)).status());
    }

    /** A run that recorded its invocation's deadline (a 5-minute function) reads failed a minute after it, not 15. */
    @Test
    void aRunPastItsInvocationsDeadlineReadsFailed() {
        Instant started = Instant.parse("2026-12-07T12:44:26Z");
        JobStore.JobRun running = new JobStore.JobRun("kpi_calculate", started, null, "running", null, started.plusSeconds(300));
        assertEquals("running", SystemStatus.JobRun.of(running, started.plusSeconds(300 + 50)).status(), "within the grace");
        SystemStatus.JobRun stopped = SystemStatus.JobRun.of(running, started.plusSeconds(300 + 70));
        assertEquals("failed", stopped.status());
        assertTrue(stopped.message().startsWith("No outcome recorded by 2026-12-07T12:49:26+00:00, when its function's invocation ended"),
                stopped.message());
        assertTrue(stopped.message().endsWith("POST /api/v1/scheduler/trigger/kpi_calculate"), stopped.message());
    }
}
