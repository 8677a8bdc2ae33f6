package io.wattline.cdk;

import io.wattline.functions.FunctionCatalog;
import io.wattline.functions.FunctionCatalog.FunctionSpec;
import io.wattline.http.ApiRoutes;
import io.wattline.jobs.Job;
import io.wattline.jobs.JobCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The stack the app deploys: the real {@link FunctionCatalog} and {@link JobCatalog}, routes from the real handlers. */
class RealCatalogueTest {

    @Test
    void synthesisesEveryFunctionRouteAndJobOfTheRealCatalogues(@TempDir Path dir) {
        List<String> missing = new ArrayList<>();
        for (FunctionSpec f : FunctionCatalog.all()) {
            try {
                Class.forName(f.handler(), false, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                missing.add(f.handler() + " (module functions/" + f.name() + ")");
            }
        }
        assumeTrue(missing.isEmpty(), () -> "handler classes not on the classpath yet: " + missing
                + "; this test runs once those modules have their handlers and infra/cdk depends on them");

        StackInputs inputs = StackInputs.fromCatalogues(Synth.placeholderJars(dir, FunctionCatalog.all()), false);
        WattlineStack stack = Synth.stack(inputs);
        Template t = Template.fromStack(stack);

        t.resourceCountIs("AWS::Lambda::Function", FunctionCatalog.all().size());
        t.resourceCountIs("AWS::Lambda::Alias", FunctionCatalog.all().size());
        for (FunctionSpec f : FunctionCatalog.all()) {
            t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", f.lambdaName(WattlineStack.PREFIX),
                    "Handler", f.handler() + "::handleRequest",
                    "MemorySize", f.memoryMb(),
                    "Timeout", f.timeoutSeconds()));
        }
        Map<String, String> routes = ApiRoutes.table(inputs.routeKeys());
        t.resourceCountIs("AWS::ApiGatewayV2::Route", routes.size());
        routes.keySet().forEach(key -> t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", key)));
        assertTrue(routes.containsKey("$default"));
        t.resourceCountIs("AWS::Events::Rule", JobCatalog.all().size());
        for (Job job : JobCatalog.all()) {
            t.hasResourceProperties("AWS::Events::Rule", Map.of(
                    "Name", job.ruleName(WattlineStack.PREFIX),
                    "ScheduleExpression", job.cron().toEventBridge()));
        }
        assertEquals(FunctionCatalog.all().size(), inputs.routeKeys().size());

        // forecasting: the seed's seven routes and the activation of a kept version, reads of the catalogue and
        // telemetry, model versions (state, artefacts), no invokes
        assertEquals(8, inputs.routeKeys().get("forecasting").size());
        routes.forEach((key, function) -> {
            if (key.contains("/api/v1/forecast/")) assertEquals("forecasting", function, key);
        });
        Set<String> grants = Synth.grants(t, "wattline-forecasting");
        String catalog = WattlineStackTest.id(stack, stack.storage.catalog.getTableName());
        String telemetry = WattlineStackTest.id(stack, stack.storage.telemetry.getTableName());
        String state = WattlineStackTest.id(stack, stack.storage.state.getTableName());
        String bucket = WattlineStackTest.id(stack, stack.storage.artifacts.getBucketName());
        String keys = WattlineStackTest.id(stack, stack.storage.keys.getTableName());
        // beside its data: its own dead-letter queue, log group and X-Ray, which every function gets, and the keys it checks
        Set<String> data = new java.util.HashSet<>(Synth.resourcesOf(grants));
        data.removeIf(r -> r.equals("*") || r.contains("DeadLetterQueue") || r.equals(WattlineStackTest.logGroupOf(t, "wattline-forecasting")));
        assertEquals(Set.of(catalog, telemetry, state, bucket, keys), data, grants.toString());
        assertFalse(Synth.actionsOn(grants, catalog).contains("dynamodb:PutItem"), grants.toString());
        assertFalse(Synth.actionsOn(grants, telemetry).contains("dynamodb:PutItem"), grants.toString());
        assertTrue(Synth.actionsOn(grants, state).contains("dynamodb:PutItem"), grants.toString());
        assertTrue(Synth.actionsOn(grants, bucket).containsAll(Set.of("s3:GetObject*", "s3:PutObject", "s3:DeleteObject*")),
                grants.toString());

        // the model lifecycle: its routes and training_cleanup in the anomaly function, which starts retrainings as
        // asynchronous invocations of itself (baselines) and of forecasting (forecast models)
        String anomalyAlias = WattlineStackTest.id(stack, stack.functions.alias("anomaly").getFunctionArn());
        for (String route : List.of("POST /api/v1/model-performance/retrain/trigger", "GET /api/v1/model-performance/metrics/trend",
                "POST /api/v1/model-performance/drift/check", "GET /api/v1/model-performance/alerts/active")) {
            assertEquals("anomaly", routes.get(route), route);
        }
        t.hasResourceProperties("AWS::Events::Rule", Map.of(
                "Name", JobCatalog.find("training_cleanup").orElseThrow().ruleName(WattlineStack.PREFIX),
                "ScheduleExpression", "cron(15 * * * ? *)",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", anomalyAlias))))));
        Set<String> anomaly = Synth.grants(t, "wattline-anomaly");
        String forecastingAlias = WattlineStackTest.id(stack, stack.functions.alias("forecasting").getFunctionArn());
        assertEquals(Set.of("lambda:InvokeFunction"), Synth.actionsOn(anomaly, forecastingAlias), anomaly.toString());
        // its own alias by name (see Functions): the ARN is a string join, not a reference
        assertTrue(t.toJSON().toString().contains(":function:wattline-anomaly:live"), "the anomaly function may invoke its own alias");
    }
}
