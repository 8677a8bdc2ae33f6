package io.wattline.store.lambda;

import io.wattline.config.Settings;
import io.wattline.http.SnapshotPriming;
import io.wattline.jobs.JobCatalog;
import io.wattline.store.aws.AnsweringHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.time.Instant;
import java.util.Map;

/**
 * SnapStart priming of the asynchronous invocations, as {@code DynamoDbPriming} does for DynamoDB: a job trigger and
 * a task submission go through a Lambda client whose HTTP client answers 202 from memory, signed with throwaway
 * credentials, so the first job started after a restore does not pay for the Lambda client's marshalling. Nothing
 * leaves the process; the function's own client is untouched.
 */
public final class LambdaPriming implements SnapshotPriming {
    @Override
    public void prime() {
        try (LambdaClient lambda = answering().wire(LambdaClient.builder()).build()) {
            calls(lambda);
        }
    }

    /** One job trigger and one task submission, with this deployment's default function names. */
    static void calls(LambdaClient lambda) {
        Settings defaults = Settings.from(Map.of());
        new LambdaJobTrigger(() -> lambda, defaults).trigger(JobCatalog.all().get(0), Instant.EPOCH);
        new LambdaTaskSubmitter(() -> lambda, defaults).submit("kpi", "priming", Map.of("primed", true));
    }

    /** Lambda's answer to an asynchronous invocation: 202, no body. */
    static AnsweringHttpClient answering() {
        return new AnsweringHttpClient(request -> new AnsweringHttpClient.Answer(202, Map.of(), new byte[0]));
    }

}
