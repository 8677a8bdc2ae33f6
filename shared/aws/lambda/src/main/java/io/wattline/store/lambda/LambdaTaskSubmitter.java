package io.wattline.store.lambda;

import io.wattline.config.Settings;
import io.wattline.http.Json;
import io.wattline.jobs.TaskSubmitter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Background tasks as asynchronous (Event) Lambda invocations. */
public final class LambdaTaskSubmitter implements TaskSubmitter {
    private final Supplier<AsyncInvoker> lambda;
    private final Settings settings;

    /** @param lambda the invoker, asked for at the first submission */
    LambdaTaskSubmitter(Supplier<AsyncInvoker> lambda, Settings settings) {
        this.lambda = lambda;
        this.settings = settings;
    }

    /** A submitter whose HTTP client is built at its first task (a request that submits none does not pay for it). */
    public static LambdaTaskSubmitter create(Settings settings) {
        return new LambdaTaskSubmitter(LambdaJobTrigger.lazyInvoker(settings), settings);
    }

    @Override
    public void submit(String function, String task, Map<String, Object> payload) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put(TASK_FIELD, task);
        event.putAll(payload);
        lambda.get().invoke(settings.functionName(function), Json.write(Json.PLAIN, event));
    }
}
