package io.wattline.store.dynamodb;

import io.wattline.store.DailySnapshots;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The daily KPI snapshots' keys in the state table ({@code pk = KPI#<machine>}, {@code sk = <yyyy-MM-dd>}: ISO dates
 * sort as text, so a range of days is one key-condition query), and forgetting them in batches of deletes. The KPI
 * function's store reads and writes the items under these keys.
 */
public final class DynamoDailySnapshots implements DailySnapshots {
    private final DynamoDbClient db;
    private final String table;

    public DynamoDailySnapshots(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    public static String partition(UUID machineId) {
        return "KPI#" + machineId;
    }

    public static String sortKey(LocalDate day) {
        return day.toString();
    }

    @Override
    public void forget(UUID machineId, Collection<LocalDate> days) {
        List<WriteRequest> deletes = days.stream().distinct().map(d -> WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                .key(Map.of("pk", AttributeValue.fromS(partition(machineId)), "sk", AttributeValue.fromS(sortKey(d))))
                .build()).build()).toList();
        if (!deletes.isEmpty()) DynamoDb.batchWrite(db, table, deletes);
    }
}
