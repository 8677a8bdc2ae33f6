package io.wattline.store.dynamodb;

import io.wattline.store.DailySnapshots;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
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

    /** The attribute that changes with every write of a day's item: a snapshot stored, the day forgotten. */
    public static final String MARK = "mark";

    public static String newMark() {
        return UUID.randomUUID().toString();
    }

    /**
     * Replaces each day's snapshot with an item that holds only a new mark: a KPI read that computed the day before
     * this then finds its mark changed and does not store what it computed ({@code KpiSnapshotStore#putAll}).
     */
    @Override
    public void forget(UUID machineId, Collection<LocalDate> days) {
        List<WriteRequest> marks = days.stream().distinct().map(d -> WriteRequest.builder().putRequest(PutRequest.builder()
                .item(Map.of("pk", AttributeValue.fromS(partition(machineId)), "sk", AttributeValue.fromS(sortKey(d)),
                        MARK, AttributeValue.fromS(newMark())))
                .build()).build()).toList();
        if (!marks.isEmpty()) DynamoDb.batchWrite(db, table, marks);
    }
}
