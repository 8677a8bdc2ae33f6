package io.wattline.store.lambda;

import io.wattline.config.Settings;
import io.wattline.http.Json;
import io.wattline.jobs.TaskSubmitter;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

import java.util.LinkedHashMap;
import java.util.Map;

/** Background tasks as asynchronous (Event) Lambda invocations. */
public final class LambdaTaskSubmitter implements TaskSubmitter {
    private final LambdaClient lambda;
    private final Settings settings;

    public LambdaTaskSubmitter(LambdaClient lambda, Settings settings) {
        this.lambda = lambda;
        this.settings = settings;
    }

    @Override
    public void submit(String function, String task, Map<String, Object> payload) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put(TASK_FIELD, task);
        event.putAll(payload);
        int status = lambda.invoke(b -> b.functionName(settings.functionName(function))
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(Json.write(Json.PLAIN, event)))).statusCode();
        if (status / 100 != 2) throw new IllegalStateException("invoke of " + function + " answered " + status);
    }
}
