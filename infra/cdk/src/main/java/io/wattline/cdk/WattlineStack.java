package io.wattline.cdk;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Table;
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

    public WattlineStack(Construct scope, String id, StackProps props, StackInputs inputs) {
        super(scope, id, props);
        storage = new Storage(this, "Storage", inputs.tables(), inputs.timestream());
        functions = new Functions(this, "Functions", inputs, storage);
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
