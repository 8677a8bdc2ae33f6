package io.wattline.store.dynamodb;

import io.wattline.config.Settings;
import io.wattline.store.StoreHealth;
import io.wattline.store.aws.AwsClientSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The DynamoDB client of a function and the paging and batching every adapter needs. */
public final class DynamoDb {
    private static final int BATCH_WRITE_LIMIT = 25, BATCH_GET_LIMIT = 100;
    /** The most items DynamoDB takes in one TransactWriteItems. */
    public static final int MAX_TRANSACTION_ITEMS = 100;

    private DynamoDb() {}

    public static DynamoDbClient client(Settings settings) {
        return AwsClientSettings.apply(DynamoDbClient.builder(), settings, settings.dynamoDbEndpoint()).build();
    }

    /** Every item of a query, following LastEvaluatedKey to the end. */
    public static List<Map<String, AttributeValue>> queryAll(DynamoDbClient db, QueryRequest request) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        queryEach(db, request, out::add);
        return out;
    }

    public static void queryEach(DynamoDbClient db, QueryRequest request, Consumer<Map<String, AttributeValue>> sink) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest page = start == null ? request : request.toBuilder().exclusiveStartKey(start).build();
            QueryResponse response = db.query(page);
            response.items().forEach(sink);
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** Writes all requests in batches of 25, retrying unprocessed items with backoff. */
    public static void batchWrite(DynamoDbClient db, String table, List<WriteRequest> requests) {
        for (int i = 0; i < requests.size(); i += BATCH_WRITE_LIMIT) {
            List<WriteRequest> chunk = requests.subList(i, Math.min(requests.size(), i + BATCH_WRITE_LIMIT));
            Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt > 8) throw new IllegalStateException("DynamoDB kept items unprocessed after retries");
                if (attempt > 0) sleep(20L << Math.min(attempt, 6));
                Map<String, List<WriteRequest>> items = pending;
                BatchWriteItemResponse response = db.batchWriteItem(b -> b.requestItems(items));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    /** The items with these keys that exist, in batches of 100, asking again for unprocessed keys with backoff. */
    public static List<Map<String, AttributeValue>> batchGet(DynamoDbClient db, String table, List<Map<String, AttributeValue>> keys) {
        return batchGet(db, table, keys, false);
    }

    /** {@code consistent}: strongly consistent reads (twice the read capacity), which see every write acknowledged before. */
    public static List<Map<String, AttributeValue>> batchGet(DynamoDbClient db, String table, List<Map<String, AttributeValue>> keys,
                                                             boolean consistent) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += BATCH_GET_LIMIT) {
            Map<String, KeysAndAttributes> pending = Map.of(table,
                    KeysAndAttributes.builder().keys(keys.subList(i, Math.min(keys.size(), i + BATCH_GET_LIMIT)))
                            .consistentRead(consistent).build());
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt > 8) throw new IllegalStateException("DynamoDB kept keys unprocessed after retries");
                if (attempt > 0) sleep(20L << Math.min(attempt, 6));
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = db.batchGetItem(b -> b.requestItems(request));
                out.addAll(response.responses().getOrDefault(table, List.of()));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a batch request", e);
        }
    }

    /** Health of the tables: each must exist and be ACTIVE. */
    public static StoreHealth health(DynamoDbClient db, List<String> tables) {
        return () -> {
            long t0 = System.nanoTime();
            try {
                for (String table : tables) {
                    TableStatus status = db.describeTable(b -> b.tableName(table)).table().tableStatus();
                    if (status != TableStatus.ACTIVE) {
                        return new StoreHealth.Check("dynamodb", false, table + " is " + status, ms(t0));
                    }
                }
                return new StoreHealth.Check("dynamodb", true, tables.size() + " tables active", ms(t0));
            } catch (RuntimeException e) {
                return new StoreHealth.Check("dynamodb", false, e.getClass().getSimpleName() + ": " + e.getMessage(), ms(t0));
            }
        };
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
