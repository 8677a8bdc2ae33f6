package io.wattline.store.lambda;

import io.wattline.config.Lazy;
import io.wattline.config.Settings;
import io.wattline.http.Json;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobTrigger;
import io.wattline.jobs.ScheduledEvents;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Triggers a job by invoking its function asynchronously with the same {@code Scheduled Event}
 * its EventBridge rule would send. In the local cloud the endpoint is the gateway's Lambda API.
 */
public final class LambdaJobTrigger implements JobTrigger {
    private final Supplier<AsyncInvoker> lambda;
    private final Settings settings;

    /** @param lambda the invoker, asked for at the first trigger */
    LambdaJobTrigger(Supplier<AsyncInvoker> lambda, Settings settings) {
        this.lambda = lambda;
        this.settings = settings;
    }

    /** A trigger whose HTTP client is built at its first job (a request that triggers none does not pay for it). */
    public static LambdaJobTrigger create(Settings settings) {
        return new LambdaJobTrigger(lazyInvoker(settings), settings);
    }

    /** The invoker of these settings, built at its first use. */
    static Supplier<AsyncInvoker> lazyInvoker(Settings settings) {
        return Lazy.of(() -> AsyncInvoker.of(settings));
    }

    @Override
    public void trigger(Job job, Instant time) {
        String payload = Json.write(Json.PLAIN, ScheduledEvents.of(job, time, settings.region(), "000000000000"));
        lambda.get().invoke(settings.functionName(job.function()), payload);
    }
}
