package io.wattline.store.dynamodb;

import io.wattline.store.JobStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

    /**
     * Writes the run as the job's last one, unless a run that started later is recorded there: two runs that overlap (a
     * trigger beside the schedule) finish in either order, and the older one's outcome replaced the newer one's record.
     */
    @Override
    public void record(JobRun run) {
        Map<String, AttributeValue> item = new HashMap<>(key(run.jobId()));
        item.put("started_at", s(run.startedAt().toString()));
        item.put("started_ms", AttributeValue.fromN(Long.toString(run.startedAt().toEpochMilli())));
        if (run.finishedAt() != null) item.put("finished_at", s(run.finishedAt().toString()));
        item.put("status", s(run.status()));
        if (run.message() != null) item.put("message", s(run.message()));
        if (run.deadline() != null) item.put("deadline", s(run.deadline().toString()));
        try {
            db.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(started_ms) OR started_ms <= :started")
                    .expressionAttributeValues(Map.of(":started", item.get("started_ms"))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException newerRun) {
            // a later run's record stays; said, so that an outcome missing from the status page can be found
            org.slf4j.LoggerFactory.getLogger(DynamoJobStore.class).info("job {}: the run of {} ({}) not recorded over a later run's",
                    run.jobId(), run.startedAt(), run.status());
        }
    }

    @Override
    public Optional<JobRun> lastRun(String jobId) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).key(key(jobId))).item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return Optional.of(run(jobId, item));
    }

    /** The catalogue's jobs in one BatchGetItem ({@link DynamoDb#batchGet}). */
    @Override
    public Map<String, JobRun> lastRuns(Collection<String> jobIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(jobIds));
        Map<String, JobRun> found = new HashMap<>();
        for (Map<String, AttributeValue> item : DynamoDb.batchGet(db, table, ids.stream().map(DynamoJobStore::key).toList())) {
            String id = str(item, "pk").substring("JOB#".length());
            found.put(id, run(id, item));
        }
        Map<String, JobRun> ordered = new LinkedHashMap<>();
        for (String id : ids) if (found.containsKey(id)) ordered.put(id, found.get(id));
        return ordered;
    }

    private static JobRun run(String jobId, Map<String, AttributeValue> item) {
        String finished = str(item, "finished_at"), deadline = str(item, "deadline");
        return new JobRun(jobId, Instant.parse(str(item, "started_at")), finished == null ? null : Instant.parse(finished),
                str(item, "status"), str(item, "message"), deadline == null ? null : Instant.parse(deadline));
    }

    private static Map<String, AttributeValue> key(String jobId) {
        return Map.of("pk", s("JOB#" + jobId), "sk", s("LAST"));
    }
}
