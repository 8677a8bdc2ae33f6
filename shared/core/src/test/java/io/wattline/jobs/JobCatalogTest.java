package io.wattline.jobs;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobCatalogTest {
    private static final Job DETECT = new Job("detect", "Detect", "0 * * * *", "data");
    private static final Job ANOMALY_DETECT = new Job("anomaly_detect", "Hourly Anomaly Detection", "5 * * * *", "data");
    private static final Job KPI = new Job("kpi_calculate", "Daily KPI Calculation", "30 0 * * *", "data");

    @SuppressWarnings("unchecked")
    private static List<String> arns(Job job) {
        return (List<String>) ScheduledEvents.of(job, Instant.parse("2025-10-14T00:30:00Z"), "eu-west-1", "123456789012")
                .get("resources");
    }

    @Test
    void scheduledEventMapsBackToItsJob() {
        List<Job> jobs = List.of(KPI, ANOMALY_DETECT);
        assertEquals(Optional.of(KPI), JobCatalog.fromRuleArns(arns(KPI), jobs));
        assertEquals(Optional.of(ANOMALY_DETECT), JobCatalog.fromRuleArns(arns(ANOMALY_DETECT), jobs));
    }

    @Test
    void aJobWhoseIdEndsAnotherDoesNotStealItsRule() {
        for (List<Job> jobs : List.of(List.of(DETECT, ANOMALY_DETECT), List.of(ANOMALY_DETECT, DETECT))) {
            assertEquals(Optional.of(ANOMALY_DETECT), JobCatalog.fromRuleArns(arns(ANOMALY_DETECT), jobs));
            assertEquals(Optional.of(DETECT), JobCatalog.fromRuleArns(arns(DETECT), jobs));
        }
    }

    @Test
    void ruleOnACustomBusAndUnknownRules() {
        List<Job> jobs = List.of(KPI);
        assertEquals(Optional.of(KPI), JobCatalog.fromRuleArns(
                List.of("arn:aws:events:eu-west-1:123456789012:rule/my-bus/wattline-kpi-calculate"), jobs));
        assertEquals(Optional.empty(), JobCatalog.fromRuleArns(
                List.of("arn:aws:events:eu-west-1:123456789012:rule/wattline-other"), jobs));
        assertEquals(Optional.empty(), JobCatalog.fromRuleArns(List.of(), jobs));
    }

    @Test
    void catalogueIsConsistent() {
        var ids = new HashSet<String>();
        for (Job job : JobCatalog.all()) {
            assertTrue(ids.add(job.id()), "duplicate job id " + job.id());
            assertEquals(Optional.of(job), JobCatalog.find(job.id()));
            assertEquals(Optional.of(job), JobCatalog.fromRuleArns(arns(job)));
        }
        assertEquals(Optional.empty(), JobCatalog.find("no_such_job"));
    }
}
