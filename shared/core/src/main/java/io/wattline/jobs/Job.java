package io.wattline.jobs;

/**
 * A scheduled job: its id (the seed's {@code job_id}), display name, UTC cron, and the function
 * (a {@code functions/<context>} module) that runs it.
 */
public record Job(String id, String name, Cron cron, String function) {
    public Job(String id, String name, String cron, String function) {
        this(id, name, new Cron(cron), function);
    }

    /** The EventBridge rule name the CDK stack gives this job; the handler finds the job from it. */
    public String ruleName(String prefix) {
        return prefix + "-" + id.replace('_', '-');
    }
}
