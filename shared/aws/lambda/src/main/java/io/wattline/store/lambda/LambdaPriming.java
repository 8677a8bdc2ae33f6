package io.wattline.store.lambda;

import io.wattline.config.Settings;
import io.wattline.http.SnapshotPriming;
import io.wattline.jobs.JobCatalog;
import io.wattline.store.aws.AnsweringHttpClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * SnapStart priming of the asynchronous invocations, as {@code DynamoDbPriming} does for DynamoDB: a job trigger and
 * a task submission are signed with throwaway credentials and sent to an HTTP client that answers 202 from memory, so
 * the first job started after a restore does not pay for the signer's first use. Nothing leaves the process; the
 * function's own invoker is untouched.
 */
public final class LambdaPriming implements SnapshotPriming {
    @Override
    public void prime() {
        calls(invoker(answering()));
    }

    /** One job trigger and one task submission, with this deployment's default function names. */
    static void calls(AsyncInvoker lambda) {
        Settings defaults = Settings.from(Map.of());
        new LambdaJobTrigger(() -> lambda, defaults).trigger(JobCatalog.all().get(0), Instant.EPOCH);
        new LambdaTaskSubmitter(() -> lambda, defaults).submit("kpi", "priming", Map.of("primed", true));
    }

    /** An invoker set up as on AWS (a region's endpoint), answered by {@code http}. */
    static AsyncInvoker invoker(AnsweringHttpClient http) {
        return new AsyncInvoker(http, StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")),
                "us-east-1", URI.create("https://lambda.us-east-1.amazonaws.com"));
    }

    /** Lambda's answer to an asynchronous invocation: 202, no body. */
    static AnsweringHttpClient answering() {
        return new AnsweringHttpClient(request -> new AnsweringHttpClient.Answer(202, Map.of(), new byte[0]));
    }
}
