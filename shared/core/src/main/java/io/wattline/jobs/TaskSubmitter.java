package io.wattline.jobs;

import java.util.Map;

/**
 * Hands a background task to a function without waiting for it: on AWS an asynchronous (Event)
 * invocation, in the local cloud the same call served by its Lambda API on an executor. The
 * function receives {@code {"wattline_task": task, ...payload}} in
 * {@link io.wattline.http.LambdaFunction#runTask}.
 */
public interface TaskSubmitter {
    String TASK_FIELD = "wattline_task";

    void submit(String function, String task, Map<String, Object> payload);
}
