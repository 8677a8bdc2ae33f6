package io.wattline.cdk;

import io.wattline.config.Settings;
import io.wattline.config.Tables;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.timestream.CfnDatabase;
import software.amazon.awscdk.services.timestream.CfnTable;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.Map;

/** The data: DynamoDB tables from {@link Tables#specs()}, the artefact bucket, and optionally Timestream. */
public final class Storage extends Construct {
    /** Timestream names: the defaults of {@link Settings}, which the functions read. */
    private static final Settings DEFAULTS = Settings.from(Map.of());

    public final Table catalog;
    public final Table telemetry;
    public final Table state;
    public final Table keys;
    public final Map<String, Table> tablesByLogicalName = new LinkedHashMap<>();
    public final Bucket artifacts;
    /** Null unless Timestream was asked for. */
    public final CfnTable timestreamTable;

    public Storage(Construct scope, String id, Tables tables, boolean timestream) {
        super(scope, id);
        for (Tables.Spec spec : tables.specs()) {
            Table table = Table.Builder.create(this, spec.logicalName() + "Table")
                    .tableName(spec.name())
                    .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                    .sortKey(Attribute.builder().name("sk").type(attributeType(spec.sortKeyType())).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                            .pointInTimeRecoveryEnabled(true).build())
                    .removalPolicy(RemovalPolicy.RETAIN)
                    // deleting a table is a deliberate two-step: the functions stop with it, and what comes back is a
                    // restore from the system backup DynamoDB keeps of it for 35 days, under another name
                    .deletionProtection(true)
                    // the twin's samples carry their expiry (TWIN_SAMPLE_RETENTION_DAYS); nothing else does
                    .timeToLiveAttribute(spec.ttlAttribute())
                    .build();
            tablesByLogicalName.put(spec.logicalName(), table);
        }
        catalog = tablesByLogicalName.get("Catalog");
        telemetry = tablesByLogicalName.get("Telemetry");
        state = tablesByLogicalName.get("State");
        keys = tablesByLogicalName.get("Keys");

        artifacts = Bucket.Builder.create(this, "ArtifactBucket")
                .versioned(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        if (timestream) {
            CfnDatabase db = CfnDatabase.Builder.create(this, "TimestreamDatabase")
                    .databaseName(DEFAULTS.timestreamDatabase())
                    .build();
            db.applyRemovalPolicy(RemovalPolicy.RETAIN);
            timestreamTable = CfnTable.Builder.create(this, "TimestreamTable")
                    .databaseName(DEFAULTS.timestreamDatabase())
                    .tableName(DEFAULTS.timestreamTable())
                    // both properties are untyped JSON in CloudFormation's schema: CDK passes them through as
                    // given, so they are spelled here in CloudFormation's own casing (the typed builders emit camelCase)
                    // back-filled history, older than the memory store keeps, goes to the magnetic store
                    .magneticStoreWriteProperties(Map.of("EnableMagneticStoreWrites", true))
                    .retentionProperties(Map.of("MemoryStoreRetentionPeriodInHours", "24",
                            "MagneticStoreRetentionPeriodInDays", "3650"))
                    .build();
            timestreamTable.getNode().addDependency(db);
            timestreamTable.applyRemovalPolicy(RemovalPolicy.RETAIN);
        } else {
            timestreamTable = null;
        }
    }

    private static AttributeType attributeType(String dynamoType) {
        return switch (dynamoType) {
            case "S" -> AttributeType.STRING;
            case "N" -> AttributeType.NUMBER;
            case "B" -> AttributeType.BINARY;
            default -> throw new IllegalArgumentException("unknown key type " + dynamoType);
        };
    }
}
