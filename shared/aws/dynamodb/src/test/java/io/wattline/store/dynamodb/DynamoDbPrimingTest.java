package io.wattline.store.dynamodb;

import io.wattline.http.SnapshotPriming;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoDbPrimingTest {
    @Test
    void everyOperationOfTheStoresIsSentSignedAndAnsweredInMemory() {
        var http = DynamoDbPriming.answering();
        try (DynamoDbClient db = http.wire(DynamoDbClient.builder()).build()) {
            DynamoDbPriming.calls(db);
            // the canned answer parses as each operation's response
            var item = db.getItem(r -> r.tableName(DynamoDbPriming.TABLE)
                    .key(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("p")))).item();
            assertEquals("1.5", item.get("n").n());
            assertEquals("2", item.get("m").m().get("k").n());
            // and the errors the stores handle arrive as theirs
            assertThrows(software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException.class,
                    () -> db.putItem(r -> r.tableName(DynamoDbPriming.TABLE).item(java.util.Map.of("pk",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("p")))));
        }
        assertEquals(List.of("GetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem", "BatchGetItem",
                        "BatchWriteItem", "TransactWriteItems", "DescribeTable", "GetItem", "PutItem"),
                http.seen().stream().map(r -> r.firstMatchingHeader("X-Amz-Target").orElse("?"))
                        .map(t -> t.substring(t.indexOf('.') + 1)).toList());
        List<String> signatures = http.seen().stream().map(r -> r.firstMatchingHeader("Authorization").orElse("")).toList();
        assertTrue(signatures.stream().allMatch(a -> a.startsWith("AWS4-HMAC-SHA256 Credential=priming/")),
                "every request signed with SigV4: " + signatures);
    }

    @Test
    void theSnapStartHookFindsItBesideTheSdkWarmUp() {
        var found = ServiceLoader.load(SnapshotPriming.class).stream().map(p -> p.type().getSimpleName()).sorted().toList();
        assertEquals(List.of("DynamoDbPriming", "SdkClientPriming"), found);
        new DynamoDbPriming().prime(); // no DynamoDB anywhere: it must not need one
    }
}
