package io.wattline.cdk;

import io.wattline.jobs.JobRuns;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.Map;

/**
 * What an operator is told about, on one SNS topic ({@code wattline-alarms}; subscribe an address or a pager to
 * it): any function error or throttle (a scheduled job that failed on everything it had to do is one), anything in a
 * dead-letter queue (a job or background task that failed after its retries), a scheduled job that failed on part of
 * its machines ({@link JobRuns}' metric), and server errors at the API (its 429s are callers over their limits, which API Gateway's 4xx
 * metric does not tell apart from bad requests: not alarmed).
 */
public final class Alarms extends Construct {
    private static final MetricOptions FIVE_MINUTES = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
    private static final MetricOptions MAX_FIVE_MINUTES = MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build();

    public final Topic topic;

    public Alarms(Construct scope, String id, Functions functions, HttpRoutes http, Schedules schedules) {
        super(scope, id);
        topic = Topic.Builder.create(this, "Topic").topicName(WattlineStack.PREFIX + "-alarms").build();
        for (Map.Entry<String, Function> f : functions.all().entrySet()) {
            String name = Functions.construct(f.getKey());
            alarm(name + "Errors", f.getValue().metricErrors(FIVE_MINUTES), 1, "errors in wattline-" + f.getKey());
            alarm(name + "Throttles", f.getValue().metricThrottles(FIVE_MINUTES), 1, "throttled invocations of wattline-" + f.getKey());
            IQueue dlq = f.getValue().getDeadLetterQueue();
            if (dlq != null) {
                alarm(name + "DeadLetters", dlq.metricApproximateNumberOfMessagesVisible(MAX_FIVE_MINUTES),
                        1, "asynchronous invocations of wattline-" + f.getKey() + " failed after their retries");
            }
        }
        alarm("ScheduleDeadLetters", schedules.deadLetters.metricApproximateNumberOfMessagesVisible(
                MAX_FIVE_MINUTES), 1, "scheduled jobs EventBridge could not deliver");
        alarm("JobRunsPartlyFailed", Metric.Builder.create().namespace(JobRuns.METRIC_NAMESPACE)
                .metricName(JobRuns.PARTIAL_METRIC).period(Duration.minutes(5)).statistic("Sum").build(), 1,
                "scheduled jobs that failed on some of their machines (scheduler/status and the function's log say which)");
        alarm("ApiServerErrors", http.api.metricServerError(FIVE_MINUTES), 5, "5xx answers of the HTTP API");
    }

    private void alarm(String id, IMetric metric, int threshold, String description) {
        Alarm a = Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
        a.addAlarmAction(new SnsAction(topic));
    }
}
