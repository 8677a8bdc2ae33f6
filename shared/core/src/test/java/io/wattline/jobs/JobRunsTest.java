package io.wattline.jobs;

import io.wattline.http.JsonTrees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.http.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a run that did not succeed reaches the operator's alarms. */
class JobRunsTest {
    static final Job JOB = JobCatalog.all().get(0);

    @Test
    void aRunThatSucceededOrFailedInPartAnswersItsResult() {
        JobRuns runs = new JobRuns(null);
        assertEquals("done", runs.run(JOB, () -> new JobRuns.Outcome<>("success", "all machines", "done")));
        assertEquals("some", runs.run(JOB, () -> new JobRuns.Outcome<>("partial", "failed: Press-2", "some")));
    }

    @Test
    void aRunThatFailedOnEverythingFailsItsInvocation() {
        JobRuns.Failed e = assertThrows(JobRuns.Failed.class, () -> new JobRuns(null).run(JOB,
                () -> new JobRuns.Outcome<>("failed", "failed: Press-1, Press-2", "nothing")));
        assertEquals("job " + JOB.id() + " failed: failed: Press-1, Press-2", e.getMessage());
    }

    @Test
    void aPartRunCountsInCloudWatchsEmbeddedMetricFormat() throws Exception {
        Instant at = Instant.parse("2026-12-07T08:00:00Z");
        JsonNode line = JsonTrees.readTree(JobRuns.partialMetric("kpi_calculate", at));
        assertEquals(at.toEpochMilli(), line.at("/_aws/Timestamp").asLong());
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertEquals(JobRuns.METRIC_NAMESPACE, directive.get("Namespace").asText());
        // the alarm's metric has no dimension; the job's is there to look at
        assertEquals("[[],[\"job\"]]", directive.get("Dimensions").toString());
        assertEquals(JobRuns.PARTIAL_METRIC, directive.at("/Metrics/0/Name").asText());
        assertEquals(1, line.get(JobRuns.PARTIAL_METRIC).asInt());
        assertEquals("kpi_calculate", line.get("job").asText());
        assertTrue(!line.toString().contains("\n"));
    }
}
