package io.wattline.cdk;

import io.wattline.functions.FunctionCatalog.Access;
import io.wattline.functions.FunctionCatalog.FunctionSpec;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Lambda per {@link FunctionSpec}: Java 21 with SnapStart, an alias {@value #ALIAS} (which routes
 * and rules target), a log group kept a month, the environment {@link io.wattline.config.Settings} reads,
 * and IAM grants of exactly the spec's {@link Access} values.
 */
public final class Functions extends Construct {
    public static final String ALIAS = "live";
    static final int ASYNC_RETRIES = 2;

    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new LinkedHashMap<>();

    /** @param originVerify the CloudFront distribution's origin secret (a dynamic reference, resolved at deploy) */
    public Functions(Construct scope, String id, StackInputs inputs, Storage storage, String originVerify) {
        super(scope, id);
        LayerVersion timestream = storage.timestreamTable == null ? null : timestreamLayer(inputs);
        List<String> names = inputs.functions().stream().map(FunctionSpec::name).toList();
        for (String named : inputs.api().reservedConcurrency().keySet()) {
            if (!named.equals(StackInputs.ApiOptions.ALL_FUNCTIONS) && !names.contains(named)) {
                throw new IllegalArgumentException("reservedConcurrency: no function named " + named + " (one of "
                        + String.join(", ", names) + ")");
            }
        }
        for (FunctionSpec spec : inputs.functions()) {
            Path jar = inputs.jar(spec);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no jar for function '" + spec.name() + "' at " + jar
                        + ": run `mvn -B -DskipTests package` from the repository root first (or set -c jarDir=...)");
            }
            String cid = construct(spec.name());
            LogGroup logs = LogGroup.Builder.create(this, cid + "Logs").retention(RetentionDays.ONE_MONTH).build();
            // a role of its own that writes to its own log group only: the role CDK would make carries
            // AWSLambdaBasicExecutionRole, logs:CreateLogGroup/CreateLogStream/PutLogEvents on every group
            Role role = Role.Builder.create(this, cid + "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description("wattline-" + spec.name() + ": its own log group, tables, bucket and invocations")
                    .build();
            logs.grantWrite(role);
            Function.Builder builder = Function.Builder.create(this, cid + "Function")
                    .role(role)
                    .functionName(spec.lambdaName(WattlineStack.PREFIX))
                    .runtime(Runtime.JAVA_21)
                    .architecture(Architecture.X86_64)
                    .handler(spec.handler() + "::handleRequest")
                    .code(Code.fromAsset(jar.toString()))
                    .memorySize(spec.memoryMb())
                    .timeout(Duration.seconds(spec.timeoutSeconds()))
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .logGroup(logs)
                    .environment(environment(spec, inputs, storage, originVerify))
                    // X-Ray traces every invocation; failed asynchronous invocations (job triggers, calibrations,
                    // schedules) land in a queue of their own after their retries instead of vanishing
                    .tracing(Tracing.ACTIVE)
                    .deadLetterQueueEnabled(true);
            int reserved = inputs.api().reservedFor(spec.name());
            if (reserved > 0) builder.reservedConcurrentExecutions(reserved);
            if (timestream != null && spec.telemetry() != Access.NONE) builder.layers(List.of(timestream));
            Function fn = builder.build();
            keep((Queue) fn.getDeadLetterQueue());
            // CDK warns on every SnapStart function; the alias below publishes the version SnapStart snapshots
            Annotations.of(fn).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "alias '" + ALIAS + "' points at a published version");
            grantKeyLookup(fn, storage);
            grant(fn, spec.catalog(), storage.catalog);
            if (spec.stateKeys().isEmpty()) grant(fn, spec.state(), storage.state);
            else grantPartitions(fn, spec.state(), storage.state, spec.stateKeys());
            grant(fn, spec.artifacts(), storage.artifacts, spec.artifactKeys());
            if (storage.timestreamTable == null) {
                grant(fn, spec.telemetry(), storage.telemetry);
            } else {
                grantTimestream(fn, spec.telemetry(), storage);
            }
            functions.put(spec.name(), fn);
            Alias alias = Alias.Builder.create(this, cid + "Alias").aliasName(ALIAS).version(fn.getCurrentVersion()).build();
            // asynchronous invocations of the alias: two retries within six hours, then the dead-letter queue
            alias.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                    .retryAttempts(ASYNC_RETRIES).maxEventAge(Duration.hours(6)).build());
            aliases.put(spec.name(), alias);
        }
        for (FunctionSpec spec : inputs.functions()) {
            for (String target : spec.invokes()) {
                if (target.equals(spec.name())) {
                    // a function handing itself background work: its alias by name, since a reference to
                    // the alias would make the role's policy depend on the function it belongs to
                    functions.get(spec.name()).addToRolePolicy(PolicyStatement.Builder.create()
                            .actions(List.of("lambda:InvokeFunction"))
                            .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                                    .service("lambda").resource("function").arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                    .resourceName(spec.lambdaName(WattlineStack.PREFIX) + ":" + ALIAS).build())))
                            .build());
                } else {
                    aliases.get(target).grantInvoke(functions.get(spec.name()));
                }
            }
        }
    }

    /** The Timestream adapter and its SDK clients, which the function jars leave out (TelemetryStores finds it). */
    private LayerVersion timestreamLayer(StackInputs inputs) {
        Path layer = inputs.timestreamLayer();
        if (!Files.isRegularFile(layer.resolve("java/lib/wattline-timestream.jar"))) {
            throw new IllegalStateException("no Timestream layer at " + layer
                    + ": run `mvn -B -DskipTests package` from the repository root first");
        }
        return LayerVersion.Builder.create(this, "TimestreamLayer")
                .code(Code.fromAsset(layer.toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(Architecture.X86_64))
                .description("wattline: telemetry in Amazon Timestream (adapter and SDK clients)")
                .build();
    }

    public Function function(String name) {
        return functions.get(name);
    }

    public Map<String, Function> all() {
        return java.util.Collections.unmodifiableMap(functions);
    }

    public Alias alias(String name) {
        return aliases.get(name);
    }

    /** The variables {@link io.wattline.config.Settings} reads, for the resources this function may touch. */
    static Map<String, String> environment(FunctionSpec spec, StackInputs inputs, Storage storage, String originVerify) {
        Map<String, String> env = new LinkedHashMap<>();
        if (spec.catalog() != Access.NONE) env.put("TABLE_CATALOG", storage.catalog.getTableName());
        if (spec.telemetry() != Access.NONE) {
            if (storage.timestreamTable == null) {
                env.put("TABLE_TELEMETRY", storage.telemetry.getTableName());
                env.put("TWIN_SAMPLE_RETENTION_DAYS", Integer.toString(inputs.twinSampleRetentionDays()));
            } else {
                env.put("TELEMETRY_BACKEND", "timestream");
                env.put("TIMESTREAM_DATABASE", storage.timestreamTable.getDatabaseName());
                env.put("TIMESTREAM_TABLE", storage.timestreamTable.getTableName());
            }
        }
        // every function checks its callers' API keys, which live in the keys table (and, until ./wattline keys migrate,
        // run by ./wattline deploy and every keys command, has moved them, in the state table)
        env.put("TABLE_KEYS", storage.keys.getTableName());
        env.put("TABLE_STATE", storage.state.getTableName());
        env.put("AUTH_OPEN_READS", Boolean.toString(inputs.api().openReads()));
        env.put("KEY_REQUESTS_PER_MINUTE", Integer.toString(inputs.api().keyRequestsPerMinute()));
        // what marks a request as the dashboards' CloudFront distribution's (Authenticator#clientAddress)
        env.put("ORIGIN_VERIFY_SECRET", originVerify);
        if (spec.artifacts() != Access.NONE) env.put("ARTIFACT_BUCKET", storage.artifacts.getBucketName());
        for (String target : spec.invokes()) {
            env.put(invokeVariable(target), inputs.functions().stream().filter(f -> f.name().equals(target))
                    .findFirst().orElseThrow().lambdaName(WattlineStack.PREFIX) + ":" + ALIAS);
        }
        return env;
    }

    /**
     * Where failed asynchronous events wait for an operator: kept by {@code cdk destroy} like the tables (what is in
     * them is a job or task that never ran), reached over TLS only. The function's own queue (CDK's, kept 14 days)
     * keeps its id, so a stack deployed before this keeps its queues and what waits in them.
     */
    static void keep(Queue queue) {
        queue.applyRemovalPolicy(RemovalPolicy.RETAIN);
        queue.addToResourcePolicy(PolicyStatement.Builder.create().effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal())).actions(List.of("sqs:*")).resources(List.of(queue.getQueueArn()))
                .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false"))).build());
    }

    /** {@code FUNCTION_<NAME>}: where a function finds the alias of one it invokes. */
    public static String invokeVariable(String target) {
        return "FUNCTION_" + target.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * The core's authentication reads a caller's key item and counts the key's requests against its quota: on the keys
     * table, reads of any item (keys, quota counters, the mark of the move below) and writes of quota counters only
     * ({@code dynamodb:LeadingKeys}), so no function's role can create, change or revoke a key. Keys are written by an
     * operator's credentials ({@code ./wattline keys}, run by {@code ./wattline deploy}). Earlier versions kept keys in
     * the state table; until they are moved, a key not in the keys table is read there (read-only; the functions hold
     * state access besides, which does not matter once the move is marked done: from then on none is read there).
     */
    private static void grantKeyLookup(Function fn, Storage storage) {
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem", "dynamodb:DescribeTable"))
                .resources(List.of(storage.keys.getTableArn()))
                .build());
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:PutItem", "dynamodb:UpdateItem"))
                .resources(List.of(storage.keys.getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of(QUOTA_ITEMS))))
                .build());
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem"))
                .resources(List.of(storage.state.getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of(KEY_ITEMS, LEGACY_KEY_ITEMS))))
                .build());
    }

    /** The partition keys of API key items (io.wattline.store.dynamodb.DynamoDetectionStores), now and before salting. */
    static final String KEY_ITEMS = "APIKEYID#*";
    static final String LEGACY_KEY_ITEMS = "APIKEY#*";
    /** The partition keys of the keys' quota counters (DynamoDetectionStores.QUOTA_PREFIX). */
    static final String QUOTA_ITEMS = "KEYRATE#*";

    /**
     * The item actions of an access on the table's partitions whose keys match the patterns only
     * ({@code dynamodb:LeadingKeys}). No Scan: it has no partition key, and {@code ForAllValues} holds for a request
     * without one.
     */
    static void grantPartitions(Function fn, Access access, Table table, List<String> patterns) {
        if (access == Access.NONE) return;
        List<String> actions = new java.util.ArrayList<>(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem",
                "dynamodb:Query", "dynamodb:ConditionCheckItem"));
        if (access == Access.READ_WRITE) {
            actions.addAll(List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"));
        }
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(table.getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", patterns)))
                .build());
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:DescribeTable"))
                .resources(List.of(table.getTableArn()))
                .build());
    }

    private static void grant(Function fn, Access access, Table table) {
        switch (access) {
            case READ -> table.grantReadData(fn);
            case READ_WRITE -> table.grantReadWriteData(fn);
            case NONE -> { }
        }
    }

    /** The bucket, or only the objects under {@code keys} (listing stays bucket-wide: it reads names, deletes nothing). */
    private static void grant(Function fn, Access access, Bucket bucket, List<String> keys) {
        for (String pattern : keys.isEmpty() ? List.of("*") : keys) {
            switch (access) {
                case READ -> bucket.grantRead(fn, pattern);
                case READ_WRITE -> bucket.grantReadWrite(fn, pattern);
                case NONE -> { }
            }
        }
    }

    private static void grantTimestream(Function fn, Access access, Storage storage) {
        if (access == Access.NONE) return;
        List<String> actions = new ArrayList<>(List.of("timestream:Select"));
        if (access == Access.READ_WRITE) actions.add("timestream:WriteRecords");
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(actions).resources(List.of(storage.timestreamTable.getAttrArn())).build());
        // the SDK discovers its cell endpoint first; DescribeEndpoints has no resource to scope to
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("timestream:DescribeEndpoints")).resources(List.of("*")).build());
    }

    /** {@code data} → {@code Data}, {@code kpi-calc} → {@code KpiCalc}: a readable, stable construct id. */
    static String construct(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
