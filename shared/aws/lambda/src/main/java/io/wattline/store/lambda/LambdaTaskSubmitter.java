package io.wattline.store.lambda;

import io.wattline.config.Settings;
import io.wattline.http.Json;
import io.wattline.jobs.TaskSubmitter;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Background tasks as asynchronous (Event) Lambda invocations. */
public final class LambdaTaskSubmitter implements TaskSubmitter {
    private final Supplier<LambdaClient> lambda;
    private final Settings settings;

    /** @param lambda the Lambda client, asked for at the first submission */
    public LambdaTaskSubmitter(Supplier<LambdaClient> lambda, Settings settings) {
        this.lambda = lambda;
        this.settings = settings;
    }

    /** A submitter whose client is built at its first task (a request that submits none does not pay for it). */
    public static LambdaTaskSubmitter create(Settings settings) {
        return new LambdaTaskSubmitter(LambdaJobTrigger.lazyClient(settings), settings);
    }

    @Override
    public void submit(String function, String task, Map<String, Object> payload) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put(TASK_FIELD, task);
        event.putAll(payload);
        int status = lambda.get().invoke(b -> b.functionName(settings.functionName(function))
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(Json.write(Json.PLAIN, event)))).statusCode();
        if (status / 100 != 2) throw new IllegalStateException("invoke of " + function + " answered " + status);
    }
}
