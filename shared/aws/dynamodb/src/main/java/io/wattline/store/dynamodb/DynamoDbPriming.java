package io.wattline.store.dynamodb;

import io.wattline.http.SnapshotPriming;
import io.wattline.store.aws.AnsweringHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the DynamoDB calls the stores make. The SDK's own warm-up ({@code SdkClientPriming}) sends
 * one unsigned ListBackups; the first GetItem, Query or UpdateItem after a restore would still load and run its
 * marshaller, the SigV4 signer and its response parser (about 160 classes in the KPI function). Here a client whose
 * HTTP client answers from memory sends every operation the stores use, signed with throwaway credentials, with
 * every attribute type they write, and parses a response holding every field they read, or the error the stores
 * handle for it ({@link #answering}). Nothing leaves the process, and the function's own client (with its real
 * credentials) is untouched.
 */
public final class DynamoDbPriming implements SnapshotPriming {
    static final String TABLE = "wattline-snapstart-priming";
    /** One answer for every operation: each response parser reads its own fields and skips the others'. */
    private static final byte[] RESPONSE;

    static {
        String item = "{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"s\"},\"n\":{\"N\":\"1.5\"},\"b\":{\"BOOL\":true},"
                + "\"z\":{\"NULL\":true},\"m\":{\"M\":{\"k\":{\"N\":\"2\"}}},\"l\":{\"L\":[{\"N\":\"1\"},{\"S\":\"x\"}]}}";
        RESPONSE = ("{\"Item\":" + item + ",\"Items\":[" + item + "],\"Count\":1,\"ScannedCount\":1,\"Attributes\":" + item
                + ",\"Responses\":{\"" + TABLE + "\":[" + item + "]},\"UnprocessedItems\":{},\"UnprocessedKeys\":{},"
                + "\"Table\":{\"TableName\":\"" + TABLE + "\",\"TableStatus\":\"ACTIVE\",\"ItemCount\":1}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void prime() {
        try (DynamoDbClient db = answering().wire(DynamoDbClient.builder()).build()) {
            calls(db);
        }
    }

    /**
     * An HTTP client that answers every request with {@link #RESPONSE}, except the two errors the stores handle:
     * a conditional PutItem fails its condition (a quota spent, a key or state version taken), a transaction is
     * cancelled (telemetry written twice), so that their error parsing is primed too.
     */
    static AnsweringHttpClient answering() {
        return new AnsweringHttpClient(request -> switch (request.firstMatchingHeader("X-Amz-Target").orElse("")) {
            case "DynamoDB_20120810.PutItem" -> error("ConditionalCheckFailedException", "");
            case "DynamoDB_20120810.TransactWriteItems" -> error("TransactionCanceledException",
                    ",\"CancellationReasons\":[{\"Code\":\"ConditionalCheckFailed\"},{\"Code\":\"None\"}]");
            default -> new AnsweringHttpClient.Answer(200, Map.of("Content-Type", "application/x-amz-json-1.0"), RESPONSE);
        });
    }

    private static AnsweringHttpClient.Answer error(String type, String more) {
        return new AnsweringHttpClient.Answer(400, Map.of("Content-Type", "application/x-amz-json-1.0"),
                ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"priming\"" + more + "}")
                        .getBytes(StandardCharsets.UTF_8));
    }


    /** Every operation of the stores, with the request shapes they send. */
    static void calls(DynamoDbClient db) {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS("s"));
        Map<String, AttributeValue> item = new java.util.HashMap<>(key);
        item.put("n", AttributeValue.fromN("1.5"));
        item.put("b", AttributeValue.fromBool(true));
        item.put("z", AttributeValue.fromNul(true));
        item.put("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromN("2"))));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromS("x"))));
        Map<String, String> names = Map.of("#n", "n");
        Map<String, AttributeValue> values = Map.of(":one", AttributeValue.fromN("1"), ":p", AttributeValue.fromS("p"));

        db.getItem(r -> r.tableName(TABLE).key(key).consistentRead(true)).item();
        db.query(r -> r.tableName(TABLE).keyConditionExpression("pk = :p AND sk BETWEEN :p AND :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("p"))).scanIndexForward(false).limit(10)
                .exclusiveStartKey(key)).items();
        db.scan(r -> r.tableName(TABLE).limit(10)).items();
        try {
            db.putItem(r -> r.tableName(TABLE).item(item).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException expected) { // answered so
        }
        db.updateItem(r -> r.tableName(TABLE).key(key).updateExpression("ADD #n :one")
                .conditionExpression("attribute_exists(pk) OR :one > :one").expressionAttributeNames(names)
                .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes();
        db.deleteItem(r -> r.tableName(TABLE).key(key).conditionExpression("attribute_exists(pk)"));
        db.batchGetItem(r -> r.requestItems(Map.of(TABLE, KeysAndAttributes.builder().keys(key).build())))
                .responses();
        List<WriteRequest> writes = new ArrayList<>();
        writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        writes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
        db.batchWriteItem(r -> r.requestItems(Map.of(TABLE, writes))).unprocessedItems();
        try {
            db.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(item)).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(TABLE).key(key).updateExpression("ADD #n :one")
                            .expressionAttributeNames(names).expressionAttributeValues(values)).build()));
        } catch (TransactionCanceledException expected) { // answered so
            expected.cancellationReasons();
        }
        db.describeTable(r -> r.tableName(TABLE)).table().tableStatus();
    }
}
