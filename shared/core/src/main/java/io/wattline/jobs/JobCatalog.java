package io.wattline.jobs;

import java.util.List;
import java.util.Optional;

/**
 * The cron catalogue: the one list of scheduled jobs, read by the CDK stack (EventBridge rules), the
 * local cloud's scheduler and {@code GET /api/v1/scheduler/status}. It lists only jobs that exist;
 * each feature adds its own line here with the cron of {@code spec/enms.md}.
 */
public final class JobCatalog {
    private static final List<Job> JOBS = List.of(
            // spec/twin.md: simulated time advances on a scheduled tick (and on reads)
            new Job("twin_tick", "Twin Monitoring Tick", "* * * * *", "calibration"),
            new Job("kpi_calculate", "Daily KPI Calculation", "30 0 * * *", "kpi"),
            new Job("anomaly_detect", "Hourly Anomaly Detection", "5 * * * *", "anomaly"),
            new Job("baseline_retrain", "Weekly Baseline Retraining", "0 2 * * 0", "anomaly"),
            new Job("training_cleanup", "Training Job Cleanup", "15 * * * *", "anomaly"));

    private JobCatalog() {}

    public static List<Job> all() {
        return JOBS;
    }

    public static Optional<Job> find(String id) {
        return JOBS.stream().filter(j -> j.id().equals(id)).findFirst();
    }

    /** The job whose rule fired, from the {@code resources} ARNs of a {@code Scheduled Event}. */
    public static Optional<Job> fromRuleArns(List<String> arns) {
        return fromRuleArns(arns, JOBS);
    }

    /** As {@link #fromRuleArns(List)}, among the given jobs; the longest id wins ({@code anomaly_detect} over {@code detect}). */
    static Optional<Job> fromRuleArns(List<String> arns, List<Job> jobs) {
        for (String arn : arns) {
            String rule = arn.substring(arn.lastIndexOf('/') + 1);
            Job best = null;
            for (Job job : jobs) {
                boolean fits = rule.endsWith("-" + job.id().replace('_', '-')) || rule.equals(job.id());
                if (fits && (best == null || job.id().length() > best.id().length())) best = job;
            }
            if (best != null) return Optional.of(best);
        }
        return Optional.empty();
    }
}
