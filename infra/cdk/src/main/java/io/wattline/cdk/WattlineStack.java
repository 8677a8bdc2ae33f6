package io.wattline.cdk;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

import java.util.Map;

/** The whole suite in one stack: storage, functions, the HTTP API and the schedules. */
public final class WattlineStack extends Stack {
    /** Names deployed resources: {@code wattline-data}, rule {@code wattline-kpi-calculate}, API {@code wattline}. */
    public static final String PREFIX = "wattline";

    public final Storage storage;
    public final Functions functions;
    public final HttpRoutes http;
    public final Alarms alarms;
    /**
     * What the dashboards' CloudFront distribution sends to the API in {@code X-Origin-Verify}, and the functions
     * know as {@code ORIGIN_VERIFY_SECRET}: a request that carries it came through CloudFront, so the viewer address
     * CloudFront sends is the client's (the wrong-key lockout counts per client; the edge's address is shared).
     */
    public final Secret originVerify;

    public WattlineStack(Construct scope, String id, StackProps props, StackInputs inputs) {
        super(scope, id, props);
        // a function's published version (which the alias, the API and the rules point at) must change with its
        // layers too: without this flag a new Timestream layer reached $LATEST only (set before any child exists)
        getNode().setContext("@aws-cdk/aws-lambda:recognizeLayerVersion", true);
        storage = new Storage(this, "Storage", inputs.tables(), inputs.timestream());
        originVerify = Secret.Builder.create(this, "OriginVerify")
                .description("wattline: the header value that marks a request as the CloudFront distribution's")
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(40).build())
                .removalPolicy(RemovalPolicy.DESTROY) // nothing is lost with it: a new stack makes a new one
                .build();
        functions = new Functions(this, "Functions", inputs, storage, originVerify.getSecretValue().unsafeUnwrap());
        http = new HttpRoutes(this, "Http", inputs, functions);
        Schedules schedules = new Schedules(this, "Schedules", inputs, functions);
        alarms = new Alarms(this, "Alarms", functions, http, schedules);

        output("ApiUrl", http.api.getApiEndpoint());
        output("ArtifactBucketName", storage.artifacts.getBucketName());
        output("AlarmTopicArn", alarms.topic.getTopicArn());
        for (Map.Entry<String, Table> t : storage.tablesByLogicalName.entrySet()) {
            output(t.getKey() + "TableName", t.getValue().getTableName());
        }
        if (storage.timestreamTable != null) {
            output("TimestreamDatabaseName", storage.timestreamTable.getDatabaseName());
            output("TimestreamTableName", storage.timestreamTable.getTableName());
        }
    }

    private void output(String id, String value) {
        CfnOutput.Builder.create(this, id).value(value).build();
    }
}
