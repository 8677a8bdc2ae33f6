package io.wattline.cdk;

import io.wattline.functions.FunctionCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The real stack's guardrails: throttling, dead letters with retries, tracing, access logs, alarms, CORS only on request. */
class GuardrailsStackTest {
    static Template plain, options;

    @BeforeAll
    static void synth(@TempDir Path dir) {
        Path jars = Synth.placeholderJars(dir, FunctionCatalog.all());
        plain = Template.fromStack(Synth.stack(StackInputs.fromCatalogues(jars, false)));
        options = Template.fromStack(Synth.stack(StackInputs.fromCatalogues(jars, false,
                new StackInputs.ApiOptions(false, List.of("https://ui.example.com"), 25, 600, 500, 50))));
    }

    @Test
    void theStageThrottlesTheApiAndEachWritingRouteAndLogsEveryRequest() {
        plain.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Match.objectLike(Map.of("ThrottlingRateLimit", 200, "ThrottlingBurstLimit", 400)),
                "AccessLogSettings", Match.objectLike(Map.of("Format", HttpRoutes.ACCESS_LOG_FORMAT))));
        Map<String, Object> writeLimits = Map.of("ThrottlingRateLimit", 20, "ThrottlingBurstLimit", 40, "DetailedMetricsEnabled", true);
        plain.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("RouteSettings", Match.objectLike(Map.of(
                "POST /api/v1/readings", writeLimits,
                "POST /api/v1/scheduler/trigger/{job_id}", writeLimits,
                "POST /system/purge", writeLimits,
                "POST /v1/baseline", writeLimits))));
        // routes that only read though they are POSTs (the detection API, predictions) at the read rate: the detection
        // API's 20 a second for every caller together was a quarter of one key's quota (a migrating client's hunt)
        Map<String, Object> readLimits = Map.of("ThrottlingRateLimit", 200, "ThrottlingBurstLimit", 400, "DetailedMetricsEnabled", true);
        plain.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("RouteSettings", Match.objectLike(Map.of(
                "POST /anomalydetector/{version}/timeseries/entire/detect", readLimits,
                "POST /anomalydetector/{version}/timeseries/last/detect", readLimits,
                "POST /v1/detect", readLimits,
                "POST /api/v1/baseline/predict", readLimits))));
        assertFalse(HttpRoutes.ACCESS_LOG_FORMAT.contains("header"), "access logs never hold API keys");
        // an operator's rates (-c readRequestsPerSecond=500 -c writeRequestsPerSecond=50)
        options.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "DefaultRouteSettings", Match.objectLike(Map.of("ThrottlingRateLimit", 500, "ThrottlingBurstLimit", 1000)),
                "RouteSettings", Match.objectLike(Map.of("POST /anomalydetector/{version}/timeseries/last/detect",
                        Map.of("ThrottlingRateLimit", 500, "ThrottlingBurstLimit", 1000, "DetailedMetricsEnabled", true),
                        "POST /api/v1/readings",
                        Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100, "DetailedMetricsEnabled", true)))));
    }

    @Test
    void everyFunctionIsTracedAndItsFailedAsynchronousInvocationsAreRetriedThenKept() {
        int n = FunctionCatalog.all().size();
        plain.allResourcesProperties("AWS::Lambda::Function", Map.of("TracingConfig", Map.of("Mode", "Active"),
                "DeadLetterConfig", Match.objectLike(Map.of("TargetArn", Match.anyValue()))));
        // the qualifier is the alias (a token that resolves to its name at deploy time)
        plain.resourcePropertiesCountIs("AWS::Lambda::EventInvokeConfig", Map.of("Qualifier", Match.anyValue(),
                "MaximumRetryAttempts", Functions.ASYNC_RETRIES, "MaximumEventAgeInSeconds", 6 * 3600), n);
        int queues = plain.findResources("AWS::SQS::Queue").size();
        assertTrue(queues >= n + 1, "a queue per function and one for schedules");
        // what waits in them survives cdk destroy, and reaches them over TLS only
        plain.allResources("AWS::SQS::Queue", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        plain.resourcePropertiesCountIs("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))), queues);
    }

    @Test
    void scheduleTargetsRetryAndKeepWhatTheyCannotDeliver() {
        plain.allResourcesProperties("AWS::Events::Rule", Map.of("Targets", List.of(Match.objectLike(Map.of(
                "RetryPolicy", Map.of("MaximumRetryAttempts", Schedules.RETRIES, "MaximumEventAgeInSeconds", 7200),
                "DeadLetterConfig", Match.objectLike(Map.of("Arn", Match.anyValue())))))));
    }

    @Test
    void alarmsCoverErrorsThrottlesDeadLettersAndServerErrorsOnOneTopic() {
        int n = FunctionCatalog.all().size();
        plain.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "wattline-alarms"));
        var alarms = plain.findResources("AWS::CloudWatch::Alarm");
        // errors, throttles and dead letters per function; schedule dead letters; jobs failed in part; API 5xx
        assertEquals(3 * n + 3, alarms.size());
        plain.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", io.wattline.jobs.JobRuns.PARTIAL_METRIC,
                "Namespace", io.wattline.jobs.JobRuns.METRIC_NAMESPACE, "Statistic", "Sum", "Dimensions", Match.absent()));
        plain.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "5xx", "Namespace", "AWS/ApiGateway"));
        plain.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", List.of(Match.objectLike(Map.of("Ref", Match.anyValue())))));
    }

    @Test
    void corsAndReservedConcurrencyOnlyWhenTheOperatorAsks() {
        var api = plain.findResources("AWS::ApiGatewayV2::Api").values().iterator().next();
        assertFalse(((Map<?, ?>) api.get("Properties")).containsKey("CorsConfiguration"), "no CORS by default");
        plain.allResourcesProperties("AWS::Lambda::Function", Map.of("ReservedConcurrentExecutions", Match.absent()));
        options.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("CorsConfiguration", Match.objectLike(Map.of(
                "AllowOrigins", List.of("https://ui.example.com"),
                "AllowHeaders", io.wattline.http.Cors.ALLOW_HEADERS,
                "AllowMethods", List.of("GET", "POST", "PUT", "DELETE"),
                "MaxAge", io.wattline.http.Cors.MAX_AGE_SECONDS))));
        options.allResourcesProperties("AWS::Lambda::Function", Map.of("ReservedConcurrentExecutions", 25));
    }

    /**
     * Executions reserved for one function (detection, which migrating clients call, while slow requests elsewhere hold
     * theirs), the others' as given for all or left unset; an unknown name is refused at synth.
     */
    @Test
    void concurrencyIsReservedPerFunctionWhereNamed(@TempDir Path dir) {
        assertEquals(Map.of("*", 5, "detection", 50), StackInputs.ApiOptions.parseReservedConcurrency("5, detection:50"));
        Path jars = Synth.placeholderJars(dir, FunctionCatalog.all());
        Template t = Template.fromStack(Synth.stack(StackInputs.fromCatalogues(jars, false, new StackInputs.ApiOptions(false,
                List.of(), StackInputs.ApiOptions.parseReservedConcurrency("detection:50"), 600, 200, 20))));
        t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "wattline-detection", "ReservedConcurrentExecutions", 50));
        t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "wattline-data", "ReservedConcurrentExecutions", Match.absent()));
        Template mixed = Template.fromStack(Synth.stack(StackInputs.fromCatalogues(jars, false, new StackInputs.ApiOptions(false,
                List.of(), StackInputs.ApiOptions.parseReservedConcurrency("5,detection:50"), 600, 200, 20))));
        mixed.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "wattline-data", "ReservedConcurrentExecutions", 5));
        mixed.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "wattline-detection", "ReservedConcurrentExecutions", 50));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () ->
                Synth.stack(StackInputs.fromCatalogues(jars, false, new StackInputs.ApiOptions(false, List.of(),
                        StackInputs.ApiOptions.parseReservedConcurrency("detecton:50"), 600, 200, 20))));
        assertTrue(unknown.getMessage().startsWith("reservedConcurrency: no function named detecton"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StackInputs.ApiOptions.parseReservedConcurrency("detection:many"));
    }
}
