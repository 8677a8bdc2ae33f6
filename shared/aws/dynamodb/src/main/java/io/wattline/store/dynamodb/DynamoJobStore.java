package io.wattline.store.dynamodb;

import io.wattline.store.JobStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.wattline.store.dynamodb.Items.s;
import static io.wattline.store.dynamodb.Items.str;

/** The last run of each job, in the state table under {@code JOB#<id>} / {@code LAST}. */
public final class DynamoJobStore implements JobStore {
    private final DynamoDbClient db;
    private final String table;

    public DynamoJobStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public void record(JobRun run) {
        Map<String, AttributeValue> item = new HashMap<>(key(run.jobId()));
        item.put("started_at", s(run.startedAt().toString()));
        if (run.finishedAt() != null) item.put("finished_at", s(run.finishedAt().toString()));
        item.put("status", s(run.status()));
        if (run.message() != null) item.put("message", s(run.message()));
        db.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<JobRun> lastRun(String jobId) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).key(key(jobId))).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(run(jobId, item));
    }

    /** One BatchGetItem for the catalogue's jobs (at most 100 keys a request; unprocessed keys are asked again). */
    @Override
    public Map<String, JobRun> lastRuns(Collection<String> jobIds) {
        Map<String, JobRun> out = new LinkedHashMap<>();
        List<String> ids = List.copyOf(new LinkedHashSet<>(jobIds));
        for (int from = 0; from < ids.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(ids.size(), from + 100)).stream().map(DynamoJobStore::key).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt == 5) throw new IllegalStateException("job runs still unprocessed after 5 attempts");
                BatchGetItemResponse response = db.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    String id = str(item, "pk").substring("JOB#".length());
                    out.put(id, run(id, item));
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        Map<String, JobRun> ordered = new LinkedHashMap<>();
        for (String id : ids) if (out.containsKey(id)) ordered.put(id, out.get(id));
        return ordered;
    }

    private static JobRun run(String jobId, Map<String, AttributeValue> item) {
        String finished = str(item, "finished_at");
        return new JobRun(jobId, Instant.parse(str(item, "started_at")),
                finished == null ? null : Instant.parse(finished), str(item, "status"), str(item, "message"));
    }

    private static Map<String, AttributeValue> key(String jobId) {
        return Map.of("pk", s("JOB#" + jobId), "sk", s("LAST"));
    }
}
