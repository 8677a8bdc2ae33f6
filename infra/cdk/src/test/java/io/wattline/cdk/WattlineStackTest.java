package io.wattline.cdk;

import io.wattline.cdk.fixtures.ThingsFunction;
import io.wattline.config.Tables;
import io.wattline.functions.FunctionCatalog.FunctionSpec;
import io.wattline.jobs.Job;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.wattline.functions.FunctionCatalog.Access.NONE;
import static io.wattline.functions.FunctionCatalog.Access.READ;
import static io.wattline.functions.FunctionCatalog.Access.READ_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Synth assertions on a stack built from a small test catalogue (two functions, three routes, one job). */
class WattlineStackTest {
    /** Reads the catalogue, writes telemetry, reads artefacts, invokes beta; routes from {@link ThingsFunction}. */
    static final FunctionSpec ALPHA = new FunctionSpec("alpha", ThingsFunction.class.getName(),
            READ, READ_WRITE, NONE, READ, List.of("beta"), 512, 10);
    /** No catalogue, reads telemetry, writes state and artefacts; runs the job. */
    static final FunctionSpec BETA = new FunctionSpec("beta", "io.wattline.test.BetaFunction",
            NONE, READ, READ_WRITE, READ_WRITE, List.of(), 256, 60);
    static final Job JOB = new Job("test_job", "Test job", "15 2 * * 1", "beta");

    static final Set<String> DYNAMO_WRITES = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");
    static final Set<String> DYNAMO_READS = Set.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan",
            "dynamodb:BatchGetItem");

    static WattlineStack plain, withTimestream;
    static Template template, tsTemplate;

    static StackInputs inputs(Path jars, boolean timestream) {
        return new StackInputs(List.of(ALPHA, BETA),
                Map.of("alpha", HandlerRoutes.routeKeys(ALPHA), "beta", List.of("GET /")),
                List.of(JOB), Tables.DEFAULT, jars, timestream);
    }

    @BeforeAll
    static void synth(@TempDir Path dir) {
        Path jars = Synth.placeholderJars(dir, List.of(ALPHA, BETA));
        plain = Synth.stack(inputs(jars, false));
        template = Template.fromStack(plain);
        withTimestream = Synth.stack(inputs(jars, true));
        tsTemplate = Template.fromStack(withTimestream);
    }

    /** The logical id a token resolves to ({@code Ref} or {@code Fn::GetAtt}). */
    @SuppressWarnings("unchecked")
    static String id(WattlineStack stack, Object token) {
        Map<String, Object> resolved = (Map<String, Object>) stack.resolve(token);
        if (resolved.get("Ref") instanceof String ref) return ref;
        return (String) ((List<Object>) resolved.get("Fn::GetAtt")).get(0);
    }

    @Test
    void tablesAreOnDemandProtectedWithPointInTimeRecoveryAndTheSharedKeySchema() {
        template.resourceCountIs("AWS::DynamoDB::Table", 4);
        for (Tables.Spec spec : Tables.DEFAULT.specs()) {
            template.hasResource("AWS::DynamoDB::Table", Map.of(
                    "DeletionPolicy", "Retain",
                    "UpdateReplacePolicy", "Retain",
                    "Properties", Map.of(
                            "TableName", spec.name(),
                            "BillingMode", "PAY_PER_REQUEST",
                            "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                            "DeletionProtectionEnabled", true,
                            "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"),
                                    Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                            "AttributeDefinitions", Match.arrayWith(List.of(
                                    Map.of("AttributeName", "pk", "AttributeType", "S"),
                                    Map.of("AttributeName", "sk", "AttributeType", spec.sortKeyType()))))));
        }
        assertEquals("N", Tables.DEFAULT.specs().get(1).sortKeyType(), "telemetry sorts by epoch millis");
        // the twin's samples expire (TWIN_SAMPLE_RETENTION_DAYS); no other table has a time to live
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("TableName", Tables.DEFAULT.telemetry(),
                "TimeToLiveSpecification", Map.of("AttributeName", Tables.EXPIRES_AT, "Enabled", true)));
        assertEquals(1, template.findResources("AWS::DynamoDB::Table", Map.of("Properties",
                Map.of("TimeToLiveSpecification", Match.anyValue()))).size());
    }

    @Test
    void bucketIsVersionedEncryptedPrivateAndTlsOnly() {
        template.resourceCountIs("AWS::S3::Bucket", 1);
        template.hasResource("AWS::S3::Bucket", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Map.of(
                        "VersioningConfiguration", Map.of("Status", "Enabled"),
                        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(
                                Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                        "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                                "IgnorePublicAcls", true, "RestrictPublicBuckets", true))));
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                "Bucket", Map.of("Ref", id(plain, plain.storage.artifacts.getBucketName())),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "s3:*",
                        "Principal", Map.of("AWS", "*"),
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void timestreamOnlyWithTheContextFlag() {
        template.resourceCountIs("AWS::Timestream::Database", 0);
        template.resourceCountIs("AWS::Timestream::Table", 0);
        tsTemplate.resourceCountIs("AWS::Timestream::Database", 1);
        tsTemplate.resourceCountIs("AWS::Timestream::Table", 1);
        tsTemplate.hasResourceProperties("AWS::Timestream::Database", Map.of("DatabaseName", "wattline"));
        tsTemplate.hasResourceProperties("AWS::Timestream::Table", Map.of(
                "DatabaseName", "wattline", "TableName", "telemetry",
                "MagneticStoreWriteProperties", Map.of("EnableMagneticStoreWrites", true),
                "RetentionProperties", Map.of("MemoryStoreRetentionPeriodInHours", "24",
                        "MagneticStoreRetentionPeriodInDays", "3650")));
    }

    @Test
    void aNewTimestreamLayerPublishesNewVersionsSoTheAliasServesIt(@TempDir Path dir) throws Exception {
        Path jars = Synth.placeholderJars(dir, List.of(ALPHA, BETA));
        Path layerJar = inputs(jars, true).timestreamLayer().resolve("java/lib/wattline-timestream.jar");
        java.nio.file.Files.writeString(layerJar, "adapter, build 1");
        Set<String> before = Template.fromStack(Synth.stack(inputs(jars, true))).findResources("AWS::Lambda::Version").keySet();
        java.nio.file.Files.writeString(layerJar, "adapter, build 2");
        Set<String> after = Template.fromStack(Synth.stack(inputs(jars, true))).findResources("AWS::Lambda::Version").keySet();
        assertEquals(2, after.size());
        assertTrue(java.util.Collections.disjoint(before, after),
                "the functions' versions (and so the alias) must follow the layer: " + before + " / " + after);
    }

    @Test
    void timestreamFunctionsGetTheBackendAndLeastPrivilegeGrants() {
        String table = id(withTimestream, withTimestream.storage.timestreamTable.getAttrArn());
        String dynamoTelemetry = id(withTimestream, withTimestream.storage.telemetry.getTableName());

        tsTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "FunctionName", "wattline-alpha",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "TELEMETRY_BACKEND", "timestream",
                        "TIMESTREAM_DATABASE", "wattline",
                        "TIMESTREAM_TABLE", "telemetry")))));
        Set<String> alpha = Synth.grants(tsTemplate, "wattline-alpha");
        assertEquals(Set.of("timestream:Select", "timestream:WriteRecords"), Synth.actionsOn(alpha, table));
        assertEquals(Set.of("timestream:DescribeEndpoints", "xray:PutTraceSegments", "xray:PutTelemetryRecords"), Synth.actionsOn(alpha, "*"));
        assertEquals(Set.of(), Synth.actionsOn(alpha, dynamoTelemetry), "telemetry lives in Timestream now");

        Set<String> beta = Synth.grants(tsTemplate, "wattline-beta");
        assertEquals(Set.of("timestream:Select"), Synth.actionsOn(beta, table), "beta only reads telemetry");
        assertEquals(Set.of("timestream:DescribeEndpoints", "xray:PutTraceSegments", "xray:PutTelemetryRecords"), Synth.actionsOn(beta, "*"));

        // the adapter comes as a layer, which the function jars leave out; only with Timestream
        tsTemplate.resourceCountIs("AWS::Lambda::LayerVersion", 1);
        template.resourceCountIs("AWS::Lambda::LayerVersion", 0);
        String layer = id(withTimestream, ((software.amazon.awscdk.services.lambda.LayerVersion)
                withTimestream.functions.getNode().findChild("TimestreamLayer")).getLayerVersionArn());
        for (String fn : List.of("wattline-alpha", "wattline-beta")) {
            tsTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", fn,
                    "Layers", List.of(Map.of("Ref", layer))));
        }
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "wattline-alpha",
                "Layers", Match.absent()));
        // no telemetry variables of the DynamoDB backend
        Map<String, Object> env = variables(tsTemplate, "wattline-alpha");
        assertFalse(env.containsKey("TABLE_TELEMETRY"), env.toString());
        // without the flag: no Timestream anywhere in the grants
        assertTrue(Synth.grants(template, "wattline-alpha").stream().noneMatch(g -> g.startsWith("timestream:")));
    }

    @Test
    void oneJavaFunctionPerSpecWithSnapStartAliasAndLogRetention() {
        template.resourceCountIs("AWS::Lambda::Function", 2);
        template.resourceCountIs("AWS::Lambda::Alias", 2);
        template.resourceCountIs("AWS::Lambda::Version", 2);
        template.resourceCountIs("AWS::Logs::LogGroup", 3); // one per function, and the API's access log
        for (FunctionSpec spec : List.of(ALPHA, BETA)) {
            String fnId = id(plain, plain.functions.function(spec.name()).getFunctionArn());
            template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "FunctionName", "wattline-" + spec.name(),
                    "Runtime", "java21",
                    "Handler", spec.handler() + "::handleRequest",
                    "MemorySize", spec.memoryMb(),
                    "Timeout", spec.timeoutSeconds(),
                    "Architectures", List.of("x86_64"),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "LoggingConfig", Map.of("LogGroup", Map.of("Ref", Match.anyValue()))));
            template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                    "Name", "live",
                    "FunctionName", Map.of("Ref", fnId),
                    "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.anyValue(), "Version"))));
            assertEquals(fnId, id(plain, plain.functions.alias(spec.name()).getVersion().getLambda().getFunctionArn()));
        }
    }

    @Test
    void everyLogGroupIsKeptOneMonthAndBelongsToAFunction() {
        Map<String, Map<String, Object>> res = Synth.resources(template);
        for (String name : List.of("wattline-alpha", "wattline-beta")) {
            String fnId = Synth.onlyId(template, "AWS::Lambda::Function", "FunctionName", name);
            @SuppressWarnings("unchecked")
            Map<String, Object> logging = (Map<String, Object>) Synth.props(res.get(fnId)).get("LoggingConfig");
            @SuppressWarnings("unchecked")
            String logId = (String) ((Map<String, Object>) logging.get("LogGroup")).get("Ref");
            assertEquals("AWS::Logs::LogGroup", res.get(logId).get("Type"));
            assertEquals(30, Synth.props(res.get(logId)).get("RetentionInDays"), name);
        }
    }

    @Test
    void environmentNamesExactlyTheResourcesAFunctionMayTouch() {
        Map<String, Object> alpha = new HashMap<>();
        alpha.put("TABLE_CATALOG", plain.resolve(plain.storage.catalog.getTableName()));
        alpha.put("TABLE_TELEMETRY", plain.resolve(plain.storage.telemetry.getTableName()));
        alpha.put("TWIN_SAMPLE_RETENTION_DAYS", "30");
        alpha.put("ARTIFACT_BUCKET", plain.resolve(plain.storage.artifacts.getBucketName()));
        alpha.put("FUNCTION_BETA", "wattline-beta:live");
        // every function checks API keys, which live in the keys table (and before their move in the state table)
        alpha.put("TABLE_KEYS", plain.resolve(plain.storage.keys.getTableName()));
        alpha.put("TABLE_STATE", plain.resolve(plain.storage.state.getTableName()));
        alpha.put("AUTH_OPEN_READS", "false");
        alpha.put("KEY_REQUESTS_PER_MINUTE", "4800");
        // what marks a request as the dashboards' CloudFront distribution's (Authenticator#clientAddress)
        alpha.put("ORIGIN_VERIFY_SECRET", plain.resolve(plain.originVerify.getSecretValue().unsafeUnwrap()));
        assertEquals(alpha, variables(template, "wattline-alpha"));

        Map<String, Object> beta = new HashMap<>();
        beta.put("TABLE_TELEMETRY", plain.resolve(plain.storage.telemetry.getTableName()));
        beta.put("TWIN_SAMPLE_RETENTION_DAYS", "30");
        beta.put("TABLE_STATE", plain.resolve(plain.storage.state.getTableName()));
        beta.put("TABLE_KEYS", plain.resolve(plain.storage.keys.getTableName()));
        beta.put("ARTIFACT_BUCKET", plain.resolve(plain.storage.artifacts.getBucketName()));
        beta.put("AUTH_OPEN_READS", "false");
        beta.put("KEY_REQUESTS_PER_MINUTE", "4800");
        beta.put("ORIGIN_VERIFY_SECRET", plain.resolve(plain.originVerify.getSecretValue().unsafeUnwrap()));
        assertEquals(beta, variables(template, "wattline-beta"));
    }

    @Test
    void iamGrantsFollowTheAccessValuesAndNothingMore() {
        String catalog = id(plain, plain.storage.catalog.getTableName());
        String telemetry = id(plain, plain.storage.telemetry.getTableName());
        String state = id(plain, plain.storage.state.getTableName());
        String keys = id(plain, plain.storage.keys.getTableName());
        String bucket = id(plain, plain.storage.artifacts.getBucketName());
        String betaAlias = id(plain, plain.functions.alias("beta").getFunctionArn());

        Set<String> alpha = Synth.grants(template, "wattline-alpha");
        assertTrue(Synth.actionsOn(alpha, catalog).containsAll(DYNAMO_READS), alpha.toString());
        assertNoneOf(DYNAMO_WRITES, Synth.actionsOn(alpha, catalog), "alpha only reads the catalogue");
        assertTrue(Synth.actionsOn(alpha, telemetry).containsAll(DYNAMO_WRITES), alpha.toString());
        assertTrue(Synth.actionsOn(alpha, telemetry).containsAll(DYNAMO_READS), alpha.toString());
        assertTrue(Synth.actionsOn(alpha, bucket).contains("s3:GetObject*"), alpha.toString());
        assertNoneOf(Set.of("s3:PutObject", "s3:DeleteObject*", "s3:Abort*"), Synth.actionsOn(alpha, bucket),
                "alpha only reads artefacts");
        assertEquals(Set.of("lambda:InvokeFunction"), Synth.actionsOn(alpha, betaAlias));
        String alphaDlq = id(plain, plain.functions.function("alpha").getDeadLetterQueue().getQueueArn());
        String alphaLogs = logGroupOf(template, "wattline-alpha");
        assertEquals(Set.of(catalog, telemetry, bucket, betaAlias, state, keys, alphaDlq, alphaLogs, "*"), Synth.resourcesOf(alpha),
                "alpha has no access to anything else");
        assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents"), Synth.actionsOn(alpha, alphaLogs), "its own log group");
        assertEquals(Set.of("sqs:SendMessage"), Synth.actionsOn(alpha, alphaDlq), "its dead-letter queue: send only");
        assertEquals(Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), Synth.actionsOn(alpha, "*"), "X-Ray has no resource");
        assertEquals(Set.of("dynamodb:GetItem"), Synth.actionsOn(alpha, state),
                "on the state table alpha only reads keys not yet moved (scoped to those items in AuthStackTest)");
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:DescribeTable", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                Synth.actionsOn(alpha, keys), "it reads keys and counts their quotas (writes scoped to counters in AuthStackTest)");

        Set<String> beta = Synth.grants(template, "wattline-beta");
        assertTrue(Synth.actionsOn(beta, telemetry).containsAll(DYNAMO_READS), beta.toString());
        assertNoneOf(DYNAMO_WRITES, Synth.actionsOn(beta, telemetry), "beta only reads telemetry");
        assertTrue(Synth.actionsOn(beta, state).containsAll(DYNAMO_WRITES), beta.toString());
        assertTrue(Synth.actionsOn(beta, bucket).containsAll(Set.of("s3:GetObject*", "s3:PutObject", "s3:DeleteObject*")),
                beta.toString());
        String betaDlq = id(plain, plain.functions.function("beta").getDeadLetterQueue().getQueueArn());
        assertEquals(Set.of(telemetry, state, keys, bucket, betaDlq, logGroupOf(template, "wattline-beta"), "*"), Synth.resourcesOf(beta),
                "beta touches neither the catalogue nor any function");
        assertTrue(beta.stream().noneMatch(g -> g.startsWith("lambda:")), beta.toString());
        // no managed policy: AWSLambdaBasicExecutionRole would let each function write to every log group
        template.allResourcesProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
    }

    /** The logical id of the log group a function logs to. */
    @SuppressWarnings("unchecked")
    static String logGroupOf(Template template, String functionName) {
        String fn = Synth.onlyId(template, "AWS::Lambda::Function", "FunctionName", functionName);
        Map<String, Object> config = (Map<String, Object>) Synth.props(Synth.resources(template).get(fn)).get("LoggingConfig");
        return (String) ((Map<String, Object>) config.get("LogGroup")).get("Ref");
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneRoutePerRouteKeyPlusAnyPerPathAndDefaultIntegratedWithTheirFunctionsAlias() {
        Map<String, Map<String, Object>> res = Synth.resources(template);
        template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        template.resourceCountIs("AWS::ApiGatewayV2::Route", 3 + 3 + 1);
        template.resourceCountIs("AWS::ApiGatewayV2::Integration", 2);
        Map<String, String> routeToAlias = new HashMap<>();
        res.forEach((rid, r) -> {
            if (!"AWS::ApiGatewayV2::Route".equals(r.get("Type"))) return;
            Map<String, Object> p = Synth.props(r);
            List<Object> join = (List<Object>) ((Map<String, Object>) p.get("Target")).get("Fn::Join");
            String integrationId = (String) ((Map<String, Object>) ((List<Object>) join.get(1)).get(1)).get("Ref");
            Map<String, Object> integration = Synth.props(res.get(integrationId));
            assertEquals("AWS_PROXY", integration.get("IntegrationType"));
            assertEquals("2.0", integration.get("PayloadFormatVersion"));
            String aliasId = (String) ((Map<String, Object>) integration.get("IntegrationUri")).get("Ref");
            assertEquals("AWS::Lambda::Alias", res.get(aliasId).get("Type"));
            routeToAlias.put((String) p.get("RouteKey"), aliasId);
        });
        String alpha = id(plain, plain.functions.alias("alpha").getFunctionArn());
        String beta = id(plain, plain.functions.alias("beta").getFunctionArn());
        // wrong methods reach the path's owner (405 from its router), everything else the root's function (404)
        assertEquals(Map.of("GET /api/v1/things/{thing_id}", alpha, "POST /api/v1/things", alpha, "GET /", beta,
                "ANY /api/v1/things/{thing_id}", alpha, "ANY /api/v1/things", alpha, "ANY /", beta,
                "$default", beta), routeToAlias);
    }

    @Test
    void oneRulePerJobWithTheEventBridgeCronTargetingTheAlias() {
        template.resourceCountIs("AWS::Events::Rule", 1);
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "Name", "wattline-test-job",
                "ScheduleExpression", "cron(15 2 ? * MON *)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", id(plain, plain.functions.alias("beta").getFunctionArn())))))));
        // EventBridge may invoke the alias (and nothing else)
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "events.amazonaws.com",
                "FunctionName", Map.of("Ref", id(plain, plain.functions.alias("beta").getFunctionArn()))));
    }

    @Test
    void outputsNameTheApiBucketAndTables() {
        Map<String, Map<String, Object>> outputs = template.findOutputs("*");
        assertEquals(Set.of("ApiUrl", "ArtifactBucketName", "AlarmTopicArn", "CatalogTableName", "TelemetryTableName", "StateTableName",
                        "KeysTableName"),
                outputs.keySet());
        assertEquals(plain.resolve(plain.storage.state.getTableName()), outputs.get("StateTableName").get("Value"));
        assertEquals(plain.resolve(plain.http.api.getApiEndpoint()), outputs.get("ApiUrl").get("Value"));
        assertTrue(tsTemplate.findOutputs("*").keySet().containsAll(Set.of("TimestreamDatabaseName", "TimestreamTableName")));
    }

    @Test
    void synthesisRaisesNoWarningsOrErrors() {
        for (WattlineStack stack : List.of(plain, withTimestream)) {
            Annotations annotations = Annotations.fromStack(stack);
            annotations.hasNoWarning("*", Match.anyValue());
            annotations.hasNoError("*", Match.anyValue());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> variables(Template t, String functionName) {
        String fnId = Synth.onlyId(t, "AWS::Lambda::Function", "FunctionName", functionName);
        Map<String, Object> env = (Map<String, Object>) Synth.props(Synth.resources(t).get(fnId)).get("Environment");
        return (Map<String, Object>) env.get("Variables");
    }

    static void assertNoneOf(Set<String> forbidden, Set<String> actual, String why) {
        for (String f : forbidden) assertFalse(actual.contains(f), why + ": found " + f + " in " + actual);
    }
}
