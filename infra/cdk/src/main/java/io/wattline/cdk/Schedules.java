package io.wattline.cdk;

import io.wattline.jobs.Job;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import java.util.List;

/**
 * One EventBridge rule per job of the cron catalogue, targeting the alias of the job's function. A run
 * EventBridge cannot deliver is retried ({@value #RETRIES} times within two hours), then kept in
 * {@link #deadLetters} (14 days) for an operator to see and replay.
 */
public final class Schedules extends Construct {
    static final int RETRIES = 3;
    public final Queue deadLetters;

    public Schedules(Construct scope, String id, StackInputs inputs, Functions functions) {
        super(scope, id);
        deadLetters = Queue.Builder.create(this, "DeadLetters").retentionPeriod(Duration.days(14))
                .enforceSsl(true).removalPolicy(RemovalPolicy.RETAIN).build();
        for (Job job : inputs.jobs()) {
            Rule.Builder.create(this, Functions.construct(job.id()) + "Rule")
                    .ruleName(job.ruleName(WattlineStack.PREFIX))
                    .description(job.name() + " (" + job.cron().expression() + " UTC)")
                    .schedule(Schedule.expression(job.cron().toEventBridge()))
                    .targets(List.of(new software.amazon.awscdk.services.events.targets.LambdaFunction(
                            functions.alias(job.function()), LambdaFunctionProps.builder()
                                    .retryAttempts(RETRIES).maxEventAge(Duration.hours(2)).deadLetterQueue(deadLetters).build())))
                    .build();
        }
    }
}
