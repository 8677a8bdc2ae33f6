package io.wattline.store.dynamodb;

import io.wattline.store.LateTelemetry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Late machine-days in the state table: {@code pk = LATE}, {@code sk = <machine>#<yyyy-MM-dd>}, a {@code mark} each
 * note replaces (and with it the failed {@code attempts}); judging deletes the item only while its mark is the one read.
 */
public final class DynamoLateTelemetry implements LateTelemetry {
    static final String PARTITION = "LATE";
    private final DynamoDbClient db;
    private final String table;

    public DynamoLateTelemetry(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public void note(UUID machineId, Collection<LocalDate> days) {
        List<WriteRequest> puts = days.stream().distinct().map(d -> WriteRequest.builder().putRequest(PutRequest.builder()
                .item(Map.of("pk", AttributeValue.fromS(PARTITION), "sk", AttributeValue.fromS(machineId + "#" + d),
                        "mark", AttributeValue.fromS(UUID.randomUUID().toString())))
                .build()).build()).toList();
        if (!puts.isEmpty()) DynamoDb.batchWrite(db, table, puts);
    }

    @Override
    public List<Pending> pending(int limit) {
        List<Pending> out = new ArrayList<>();
        if (limit <= 0) return out;
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION))).limit(limit).build();
        // one page of at most limit items: the next run takes the rest
        for (Map<String, AttributeValue> item : db.query(q).items()) {
            String sk = item.get("sk").s();
            int hash = sk.lastIndexOf('#');
            out.add(new Pending(UUID.fromString(sk.substring(0, hash)), LocalDate.parse(sk.substring(hash + 1)), item.get("mark").s()));
        }
        return out;
    }

    @Override
    public boolean judged(Pending day) {
        try {
            db.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(day))
                    .conditionExpression("mark = :m").expressionAttributeValues(Map.of(":m", AttributeValue.fromS(day.mark())))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // noted again meanwhile: the next run judges it again
        }
    }

    @Override
    public boolean failed(Pending day) {
        try {
            int attempts = Integer.parseInt(db.updateItem(UpdateItemRequest.builder().tableName(table).key(key(day))
                    .updateExpression("ADD attempts :one").conditionExpression("mark = :m")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":m", AttributeValue.fromS(day.mark())))
                    .returnValues(ReturnValue.UPDATED_NEW).build()).attributes().get("attempts").n());
            return attempts >= ATTEMPTS && judged(day);
        } catch (ConditionalCheckFailedException e) {
            return false; // noted again meanwhile (a new mark, no attempts): it starts afresh
        }
    }

    private static Map<String, AttributeValue> key(Pending day) {
        return Map.of("pk", AttributeValue.fromS(PARTITION), "sk", AttributeValue.fromS(day.machineId() + "#" + day.day()));
    }
}
