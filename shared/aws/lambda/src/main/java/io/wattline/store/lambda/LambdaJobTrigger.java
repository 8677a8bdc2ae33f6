package io.wattline.store.lambda;

import io.wattline.config.Lazy;
import io.wattline.config.Settings;
import io.wattline.http.Json;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobTrigger;
import io.wattline.jobs.ScheduledEvents;
import io.wattline.store.aws.AwsClientSettings;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Triggers a job by invoking its function asynchronously with the same {@code Scheduled Event}
 * its EventBridge rule would send. In the local cloud the endpoint is the gateway's Lambda API.
 */
public final class LambdaJobTrigger implements JobTrigger {
    private final Supplier<LambdaClient> lambda;
    private final Settings settings;

    /** @param lambda the Lambda client, asked for at the first trigger */
    public LambdaJobTrigger(Supplier<LambdaClient> lambda, Settings settings) {
        this.lambda = lambda;
        this.settings = settings;
    }

    /** A trigger whose client is built at its first job (a request that triggers none does not pay for it). */
    public static LambdaJobTrigger create(Settings settings) {
        return new LambdaJobTrigger(lazyClient(settings), settings);
    }

    /** The Lambda client of these settings, built at its first use. */
    static Supplier<LambdaClient> lazyClient(Settings settings) {
        return Lazy.of(() -> AwsClientSettings.apply(LambdaClient.builder(), settings, settings.lambdaEndpoint()).build());
    }

    @Override
    public void trigger(Job job, Instant time) {
        String payload = Json.write(Json.PLAIN, ScheduledEvents.of(job, time, settings.region(), "000000000000"));
        int status = lambda.get().invoke(b -> b.functionName(settings.functionName(job.function()))
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(payload))).statusCode();
        if (status / 100 != 2) throw new IllegalStateException("invoke of " + job.function() + " answered " + status);
    }
}
