package io.wattline.cdk;

import io.wattline.jobs.Job;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.constructs.Construct;

import java.util.List;

/** One EventBridge rule per job of the cron catalogue, targeting the alias of the job's function. */
public final class Schedules extends Construct {
    public Schedules(Construct scope, String id, StackInputs inputs, Functions functions) {
        super(scope, id);
        for (Job job : inputs.jobs()) {
            Rule.Builder.create(this, Functions.construct(job.id()) + "Rule")
                    .ruleName(job.ruleName(WattlineStack.PREFIX))
                    .description(job.name() + " (" + job.cron().expression() + " UTC)")
                    .schedule(Schedule.expression(job.cron().toEventBridge()))
                    .targets(List.of(new software.amazon.awscdk.services.events.targets.LambdaFunction(
                            functions.alias(job.function()))))
                    .build();
        }
    }
}
