package io.wattline.local;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every DynamoDB request a test's own thread sends while {@link #during} records, as {@code table operation pk}: what
 * {@code dynamodb:LeadingKeys} would see on AWS. The SDK loads it into every client of the test JVM (the global
 * {@code execution.interceptors} of the test resources); outside {@link #during} it records nothing.
 */
public final class RecordedDynamoDbKeys implements ExecutionInterceptor {
    /** One request: its table, its operation, and its partition key (null where the request names none: a Scan). */
    public record Access(String table, String operation, String partitionKey) {}

    private static final ThreadLocal<List<Access>> SINK = new ThreadLocal<>();
    private static final Pattern KEY_CONDITION = Pattern.compile("\\bpk\\s*=\\s*(:\\w+)");

    /** Runs the work and returns what it sent to DynamoDB from this thread. */
    public static List<Access> during(Runnable work) {
        List<Access> seen = new ArrayList<>();
        SINK.set(seen);
        try {
            work.run();
        } finally {
            SINK.remove();
        }
        return seen;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        List<Access> seen = SINK.get();
        if (seen == null) return;
        Object r = context.request();
        String op = r.getClass().getSimpleName().replace("Request", "");
        switch (r) {
            case GetItemRequest g -> seen.add(new Access(g.tableName(), op, pk(g.key())));
            case PutItemRequest p -> seen.add(new Access(p.tableName(), op, pk(p.item())));
            case UpdateItemRequest u -> seen.add(new Access(u.tableName(), op, pk(u.key())));
            case DeleteItemRequest d -> seen.add(new Access(d.tableName(), op, pk(d.key())));
            case DescribeTableRequest d -> seen.add(new Access(d.tableName(), op, "")); // no item: not held to keys
            case QueryRequest q -> {
                Matcher m = KEY_CONDITION.matcher(String.valueOf(q.keyConditionExpression()));
                seen.add(new Access(q.tableName(), op, m.find() ? q.expressionAttributeValues().get(m.group(1)).s() : null));
            }
            case BatchGetItemRequest b -> b.requestItems().forEach((table, keys) ->
                    keys.keys().forEach(k -> seen.add(new Access(table, op, pk(k)))));
            case BatchWriteItemRequest b -> b.requestItems().forEach((table, writes) -> writes.forEach(w ->
                    seen.add(new Access(table, op, pk(w.putRequest() != null ? w.putRequest().item() : w.deleteRequest().key())))));
            // anything else names no partition key LeadingKeys could hold (Scan, Transact*, ExecuteStatement, ...)
            case software.amazon.awssdk.services.dynamodb.model.ScanRequest sc -> seen.add(new Access(sc.tableName(), op, null));
            default -> seen.add(new Access("?", op, null));
        }
    }

    private static String pk(Map<String, AttributeValue> item) {
        AttributeValue v = item == null ? null : item.get("pk");
        return v == null ? null : v.s();
    }
}
