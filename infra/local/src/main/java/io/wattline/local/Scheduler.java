package io.wattline.local;

import io.wattline.config.Settings;
import io.wattline.http.Json;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobCatalog;
import io.wattline.jobs.ScheduledEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local EventBridge: fires every job of the cron catalogue at its next run, sending the owning
 * function the same {@code Scheduled Event} its rule sends on AWS.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final LocalFunctions functions;
    private final Settings settings;
    // EventBridge fires each rule on its own: a thread per job here, so a long or hung job holds up none of the others
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(JobCatalog.all().size(), r -> {
        Thread t = new Thread(r, "local-scheduler");
        t.setDaemon(true);
        return t;
    });

    public Scheduler(LocalFunctions functions, Settings settings) {
        this.functions = functions;
        this.settings = settings;
    }

    /** Arms every job of the catalogue at its next run. */
    public Scheduler start() {
        for (Job job : JobCatalog.all()) arm(job, Instant.now());
        LOG.info("scheduler armed with {} job(s)", JobCatalog.all().size());
        return this;
    }

    private void arm(Job job, Instant after) {
        Instant next = job.cron().next(after);
        long delay = Math.max(0, Duration.between(Instant.now(), next).toMillis());
        timer.schedule(() -> {
            try {
                fire(job, next);
            } catch (Throwable t) { // whatever fire() did not catch ends this run only, said in the log
                LOG.error("job {} failed", job.id(), t);
            } finally {
                // the next run after this one, or after now if this one ended late (a run longer than its period, a
                // timer that fired late): the runs missed meanwhile are not fired back to back, as EventBridge does not
                Instant now = Instant.now();
                arm(job, now.isAfter(next) ? now : next);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Sends the job's function its scheduled event now (also used by tests). */
    public String fire(Job job, Instant time) {
        if (functions.resolve(job.function()).isEmpty()) {
            LOG.warn("job {} belongs to function {}, which the local cloud does not run", job.id(), job.function());
            return null;
        }
        String event = Json.write(Json.PLAIN, ScheduledEvents.of(job, time, settings.region(), "000000000000"));
        try {
            byte[] result = functions.invoke(job.function(), event.getBytes(StandardCharsets.UTF_8));
            String text = new String(result, StandardCharsets.UTF_8);
            LOG.info("job {} fired: {}", job.id(), text);
            return text;
        } catch (RuntimeException | LinkageError | StackOverflowError e) { // the job's run failed; its schedule goes on
            LOG.error("job {} failed", job.id(), e);
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
