package io.wattline.local;

import io.wattline.config.Settings;
import io.wattline.domain.DomainException;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.store.dynamodb.DynamoTelemetryStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A machine's hour is one DynamoDB item, which holds at most 400 KB. Over DynamoDB Local: a reading a second with
 * full-precision values fits; a write that would take an hour past the limit is refused whole before anything is
 * stored (it answered 500 after storing the batch's other hours, their points without roll-ups).
 */
class HourCapacityTest {
    static LocalStorage storage;
    static DynamoDbClient db;
    static DynamoTelemetryStore store;

    @BeforeAll
    static void start(@TempDir Path dir) {
        storage = LocalStorage.start(dir, true);
        Settings settings = Settings.from(storage.environment());
        LocalStorage.provision(settings);
        db = DynamoDb.client(settings);
        store = new DynamoTelemetryStore(db, settings);
    }

    @AfterAll
    static void stop() {
        if (db != null) db.close();
        if (storage != null) storage.close();
    }

    /** Readings every {@code stepMs} from {@code from}, every field a random double printed with 16-17 digits. */
    static List<Reading> readings(UUID machine, Instant from, long stepMs, int count, Random r) {
        List<Reading> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new Reading(machine, from.plusMillis(i * stepMs), 10 + r.nextDouble(), r.nextDouble() / 100,
                    20 + r.nextDouble(), 400 + r.nextDouble(), r.nextDouble(), 50 + r.nextDouble() / 10, 30 + r.nextDouble()));
        }
        return out;
    }

    /** The hour's roll-up holds every point stored in it. */
    static void assertRolledUp(UUID machine, Instant hour) {
        assertEquals(store.readings(machine, hour, hour.plus(Duration.ofHours(1))).stream().mapToDouble(Reading::energyKwh).sum(),
                energy(machine, hour), 1e-9);
    }

    static double energy(UUID machine, Instant hour) {
        return store.rollups(machine, Resolution.HOUR, hour, hour.plus(Duration.ofHours(1))).stream()
                .mapToDouble(Rollup::energyKwh).sum();
    }

    @Test
    void aReadingASecondFitsAndAWriteBeyondTheHoursCapacityStoresNothing() {
        Random r = new Random(7);
        UUID dense = UUID.randomUUID(), other = UUID.randomUUID();
        Instant hour = Instant.parse("2020-01-01T03:00:00Z"), otherHour = Instant.parse("2020-01-01T05:00:00Z");

        // one reading a second for the whole hour, and its hourly production count: stored, roll-up equal to the points
        List<Reading> perSecond = readings(dense, hour, 1000, 3600, r);
        store.write(perSecond, List.of(new ProductionCount(dense, hour, 2_000_000_000L, 123_456_789L)));
        double expected = perSecond.stream().mapToDouble(Reading::energyKwh).sum();
        assertEquals(3600, store.readings(dense, hour, hour.plus(Duration.ofHours(1))).size());
        assertEquals(expected, energy(dense, hour), 1e-9);

        // a batch with another machine's ordinary hour and 2,000 more readings between the dense hour's seconds
        List<Reading> batch = new ArrayList<>(readings(other, otherHour, 60_000, 60, r));
        batch.addAll(readings(dense, hour.plusMillis(500), 1000, 2000, r));
        DomainException.TooLarge refused = assertThrows(DomainException.TooLarge.class, () -> store.writeReadings(batch));
        assertTrue(refused.getMessage().startsWith("Too many points for machine " + dense + " in the hour from 2020-01-01T03:00:00Z"),
                refused.getMessage());
        // nothing of the batch was stored: not the other machine's hour, not the dense hour's first points
        assertEquals(0, store.readings(other, otherHour, otherHour.plus(Duration.ofHours(1))).size());
        assertEquals(0, energy(other, otherHour));
        assertEquals(3600, store.readings(dense, hour, hour.plus(Duration.ofHours(1))).size());
        assertEquals(expected, energy(dense, hour), 1e-9);

        // the same hour sent again (a retried batch) replaces its points and still fits
        store.writeReadings(perSecond);
        assertEquals(expected, energy(dense, hour), 1e-9);
    }

    @Test
    void oneBatchTooDenseForItsHourStoresNothing() {
        UUID machine = UUID.randomUUID();
        Instant hour = Instant.parse("2020-01-02T03:00:00Z");
        // 5,000 readings 0.7 s apart, all in one hour: DynamoDB refused the hour item after about 4,800 of them
        List<Reading> batch = readings(machine, hour, 700, 5000, new Random(11));
        assertThrows(DomainException.TooLarge.class, () -> store.writeReadings(batch));
        assertEquals(0, store.readings(machine, hour, hour.plus(Duration.ofHours(1))).size());
        assertEquals(0, energy(machine, hour));
    }

    /**
     * An hour filled to within a small batch of its cap, then 16 small batches (each under the growth a write may add
     * without claiming) at once: before, all read the same size, all passed, and the hour went past DynamoDB's limit
     * (one batch a 500) and refused every later write, its retries too. Now each is stored whole or refused with a
     * 413, the hour keeps what was stored, and a batch sent again is accepted.
     */
    @Test
    void smallBatchesAtOnceIntoANearlyFullHourAreStoredOrRefusedWholeAndRetriesOfStoredPointsPass() throws Exception {
        Random r = new Random(17);
        UUID machine = UUID.randomUUID();
        Instant hour = Instant.parse("2020-01-04T03:00:00Z");
        store.writeReadings(readings(machine, hour, 1000, 3600, r));
        // then 20 readings at a time between the seconds until the hour refuses: it is within one such batch of its cap
        int offset = 0;
        List<Reading> last = null;
        while (true) {
            List<Reading> more = readings(machine, hour.plusMillis(500 + offset * 1000L), 1000, 20, r);
            try {
                store.writeReadings(more);
                last = more;
                offset += 20;
            } catch (DomainException.TooLarge full) {
                break;
            }
            assertTrue(offset < 3600, "the hour never filled");
        }
        int held = store.readings(machine, hour, hour.plus(Duration.ofHours(1))).size();

        int writers = 16;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        List<java.util.concurrent.Future<Integer>> outcomes = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            // 12 readings each, at instants no other batch uses (~1.2 KB: under what a write may add unclaimed)
            List<Reading> small = readings(machine, hour.plusMillis(250 + w * 12_000L), 1000, 12, new Random(100 + w));
            outcomes.add(pool.submit(() -> {
                start.await();
                try {
                    store.writeReadings(small);
                    return small.size();
                } catch (DomainException.TooLarge | DomainException.Conflict refused) {
                    return 0; // the hour full, or other writers kept claiming it first (409: send again)
                }
            }));
        }
        int stored = 0;
        for (var o : outcomes) stored += o.get(); // any other failure (DynamoDB's own refusal, a 500) fails the test here
        pool.shutdown();
        assertEquals(held + stored, store.readings(machine, hour, hour.plus(Duration.ofHours(1))).size());
        assertEquals(store.readings(machine, hour, hour.plus(Duration.ofHours(1))).stream().mapToDouble(Reading::energyKwh).sum(),
                energy(machine, hour), 1e-9, "the roll-up holds every stored point");
        // a retried batch of points the hour holds adds nothing, so it is accepted however full the hour is
        store.writeReadings(last);
        assertEquals(held + stored, store.readings(machine, hour, hour.plus(Duration.ofHours(1))).size());
    }

    /**
     * DynamoDB Local, with a hook run before each update of {@code pk}'s item, given its number (from 1): another
     * writer's batch at a chosen moment (two writers whose batches each fit the hour but not together), or a failure.
     */
    static final class Interleaved implements DynamoDbClient {
        final String pk;
        final java.util.function.BiConsumer<Integer, UpdateItemRequest> before;
        final AtomicInteger updates = new AtomicInteger();

        Interleaved(String pk, java.util.function.BiConsumer<Integer, UpdateItemRequest> before) {
            this.pk = pk;
            this.before = before;
        }

        /** Runs {@code other} before the {@code at}-th update. */
        Interleaved(String pk, int at, Runnable other) {
            this(pk, (n, r) -> {
                if (n == at) other.run();
            });
        }

        @Override public UpdateItemResponse updateItem(UpdateItemRequest r) {
            if (r.key().get("pk").s().equals(pk)) before.accept(updates.incrementAndGet(), r);
            return db.updateItem(r);
        }
        @Override public GetItemResponse getItem(GetItemRequest r) { return db.getItem(r); }
        @Override public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) { return db.batchGetItem(r); }
        @Override public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest r) { return db.batchWriteItem(r); }
        @Override public PutItemResponse putItem(PutItemRequest r) { return db.putItem(r); }
        @Override public QueryResponse query(QueryRequest r) { return db.query(r); }
        @Override public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) { return db.transactWriteItems(r); }
        @Override public String serviceName() { return db.serviceName(); }
        @Override public void close() { }
    }

    @Test
    void twoConcurrentBatchesThatEachFitAnHourButNotTogetherStoreOneWholeAndNothingOfTheOther() {
        Random r = new Random(13);
        UUID machine = UUID.randomUUID(), other = UUID.randomUUID();
        Instant hour = Instant.parse("2020-01-03T03:00:00Z"), otherHour = Instant.parse("2020-01-03T05:00:00Z");
        List<Reading> earlier = readings(machine, hour, 60_000, 60, r);
        store.writeReadings(earlier);

        // this batch: 1,500 readings between the minutes (about 130 KB) and another machine's hour; the other: 3,000
        // readings at other instants of the hour (about 255 KB). It runs after this batch has claimed its room and
        // stored two chunks: before, both passed the size check and this one failed half stored (a 500, the hour's
        // first chunks kept without a roll-up)
        List<Reading> batch = new ArrayList<>(readings(other, otherHour, 60_000, 60, r));
        batch.addAll(readings(machine, hour.plusMillis(1_500), 2_000, 1_500, r));
        List<Reading> competing = readings(machine, hour.plusMillis(1_250), 1_100, 3_000, r);
        List<RuntimeException> otherOutcome = new ArrayList<>();
        // update 1 is this batch's claim on the hour, 2 and 3 its first chunks
        DynamoTelemetryStore racing = new DynamoTelemetryStore(new Interleaved("H#" + machine, 4, () -> {
            try {
                store.writeReadings(competing);
            } catch (RuntimeException e) {
                otherOutcome.add(e);
            }
        }), Settings.from(storage.environment()));
        racing.writeReadings(batch);

        assertEquals(1, otherOutcome.size(), "the competing batch is refused");
        // it fits what is stored but not with the room this batch claimed: to send again (the claim may be a writer's
        // that stopped half way, which lapses)
        assertTrue(otherOutcome.get(0) instanceof DomainException.Conflict, otherOutcome.get(0).toString());
        assertTrue(otherOutcome.get(0).getMessage().contains("nothing of this batch was stored: send it again"), otherOutcome.get(0).getMessage());
        // the hour holds what it held and this batch, every point, with its roll-ups; nothing of the competing batch
        List<Reading> expected = new ArrayList<>(earlier);
        expected.addAll(batch.subList(60, batch.size()));
        expected.sort(java.util.Comparator.comparing(Reading::timestamp));
        assertEquals(expected, store.readings(machine, hour, hour.plus(Duration.ofHours(1))));
        double energy = expected.stream().mapToDouble(Reading::energyKwh).sum();
        assertEquals(energy, energy(machine, hour), 1e-9);
        assertEquals(energy, store.rollups(machine, Resolution.MIN15, hour, hour.plus(Duration.ofHours(1))).stream()
                .mapToDouble(Rollup::energyKwh).sum(), 1e-9);
        assertEquals(60, store.readings(other, otherHour, otherHour.plus(Duration.ofHours(1))).size());

        // the other way round: a batch whose room another has claimed is refused before anything of it is stored
        UUID third = UUID.randomUUID();
        store.writeReadings(readings(third, hour, 1_300, 2_600, r));
        List<Reading> late = readings(third, hour.plusMillis(650), 1_700, 2_000, r);
        assertThrows(DomainException.TooLarge.class, () -> store.writeReadings(late));
        assertEquals(2_600, store.readings(third, hour, hour.plus(Duration.ofHours(1))).size());
    }

    /**
     * The same batch sent twice at once (a client's retry while its first attempt still runs): both claim the room its
     * points need, and both are stored; the claims are released with them, so the rest of the hour still fits. Before,
     * the second claim was counted for good and the hour refused its second half (45 of 60 minutes of a meter's hour
     * could never be stored).
     */
    @Test
    void aBatchSentTwiceAtOnceLeavesRoomForTheRestOfTheHour() {
        Random r = new Random(29);
        UUID machine = UUID.randomUUID();
        Instant hour = Instant.parse("2020-01-07T03:00:00Z");
        List<Reading> firstHalf = readings(machine, hour, 1_000, 1_800, r), secondHalf = readings(machine, hour.plusSeconds(1_800), 1_000, 1_800, r);
        // update 1 is the first attempt's claim; before its first chunk, the retry runs whole
        DynamoTelemetryStore first = new DynamoTelemetryStore(new Interleaved("H#" + machine, 2, () -> store.writeReadings(firstHalf)),
                Settings.from(storage.environment()));
        first.writeReadings(firstHalf);
        assertTrue(item(machine, hour).keySet().stream().noneMatch(k -> k.startsWith("cl_")), "no claim is left once the points are stored");
        store.writeReadings(secondHalf);
        assertEquals(3_600, store.readings(machine, hour, hour.plus(Duration.ofHours(1))).size());
        assertRolledUp(machine, hour);
    }

    /**
     * A writer that finishes takes away its own claim only: another writer's room, claimed earlier and not yet
     * written, still counts. (With one running total, the last writer to finish removed it whole, and a third batch
     * that fitted beside what was stored passed the check while the first was still writing: the hour overfilled.)
     */
    @Test
    void aWriterThatFinishesReleasesOnlyItsOwnClaim() {
        Random r = new Random(37);
        UUID machine = UUID.randomUUID();
        Instant hour = Instant.parse("2020-01-09T03:00:00Z");
        List<Reading> a = readings(machine, hour, 2_400, 1_500, r), b = readings(machine, hour.plusMillis(1_111), 3_000, 1_200, r),
                c = readings(machine, hour.plusMillis(1_333), 1_790, 2_000, r);
        List<RuntimeException> cOutcome = new ArrayList<>();
        // about 126, 104 and 170 KB: b and c fit together, not beside a. Update 1 is a's claim; before its first
        // chunk, b is written whole, then c tries
        DynamoTelemetryStore slow = new DynamoTelemetryStore(new Interleaved("H#" + machine, 2, () -> {
            store.writeReadings(b);
            try {
                store.writeReadings(c);
            } catch (RuntimeException e) {
                cOutcome.add(e);
            }
        }), Settings.from(storage.environment()));
        slow.writeReadings(a);
        assertEquals(1, cOutcome.size(), "c does not fit beside a's claim and b");
        assertTrue(cOutcome.get(0) instanceof DomainException.Conflict, cOutcome.get(0).toString());
        assertEquals(2_700, store.readings(machine, hour, hour.plus(Duration.ofHours(1))).size(), "a and b whole, nothing of c");
        assertRolledUp(machine, hour);
    }

    /**
     * A writer that claimed an hour's room and stopped (a crash, a timeout) leaves its claim behind: a batch that fits
     * the hour but not beside the claim is refused as a conflict to send again (409), and fits once the claim has
     * lapsed; a running total of claims as items hold them from before claims lapsed counts for nothing.
     */
    @Test
    void aClaimLeftByAWriterThatStoppedLapses() {
        Random r = new Random(31);
        UUID machine = UUID.randomUUID();
        Instant hour = Instant.parse("2020-01-08T03:00:00Z");
        store.writeReadings(readings(machine, hour, 1_000, 1_000, r));
        List<Reading> rest = readings(machine, hour.plusSeconds(1_000), 1_000, 1_800, r);
        long now = System.currentTimeMillis();
        claimLeft(machine, hour, now - 10_000);
        DomainException.Conflict busy = assertThrows(DomainException.Conflict.class, () -> store.writeReadings(rest));
        assertTrue(busy.getMessage().contains("stopped less than 2 minutes ago"), busy.getMessage());
        assertEquals(1_000, store.readings(machine, hour, hour.plus(Duration.ofHours(1))).size(), "nothing of it stored");
        claimLeft(machine, hour, now - 121_000);
        store.writeReadings(rest);
        assertEquals(2_800, store.readings(machine, hour, hour.plus(Duration.ofHours(1))).size());
        assertRolledUp(machine, hour);

        UUID legacy = UUID.randomUUID();
        store.writeReadings(readings(legacy, hour, 1_000, 1_000, r));
        db.updateItem(b -> b.tableName(Settings.from(storage.environment()).tables().telemetry())
                .key(java.util.Map.of("pk", AttributeValue.fromS("H#" + legacy), "sk", AttributeValue.fromN(String.valueOf(hour.toEpochMilli()))))
                .updateExpression("SET sz = :full").expressionAttributeValues(java.util.Map.of(":full", AttributeValue.fromN("380000"))));
        store.writeReadings(readings(legacy, hour.plusSeconds(1_000), 1_000, 1_800, r));
        assertEquals(2_800, store.readings(legacy, hour, hour.plus(Duration.ofHours(1))).size());
    }

    /** A claim of 300 KB made at {@code at} by a writer that never stored its points. */
    static void claimLeft(UUID machine, Instant hour, long at) {
        db.updateItem(b -> b.tableName(Settings.from(storage.environment()).tables().telemetry())
                .key(java.util.Map.of("pk", AttributeValue.fromS("H#" + machine), "sk", AttributeValue.fromN(String.valueOf(hour.toEpochMilli()))))
                .updateExpression("SET cl_stopped = :claim")
                .expressionAttributeValues(java.util.Map.of(":claim", AttributeValue.fromL(List.of(AttributeValue.fromN("300000"),
                        AttributeValue.fromN(String.valueOf(at)))))));
    }

    static java.util.Map<String, AttributeValue> item(UUID machine, Instant hour) {
        return db.getItem(b -> b.tableName(Settings.from(storage.environment()).tables().telemetry()).consistentRead(true)
                .key(java.util.Map.of("pk", AttributeValue.fromS("H#" + machine), "sk", AttributeValue.fromN(String.valueOf(hour.toEpochMilli()))))).item();
    }

    /**
     * A batch whose write fails after it claimed its hour's room (a throttled update), sent again: the claim of the
     * failed attempt is given back, so the retry fits. Before, each attempt claimed the room again, and an hour half
     * full refused the retry as too large (413) after a single failure.
     */
    @Test
    void aFailedWriteGivesBackItsClaimSoItsRetryFits() {
        Random r = new Random(19);
        UUID machine = UUID.randomUUID();
        Instant hour = Instant.parse("2020-01-05T03:00:00Z");
        List<Reading> held = readings(machine, hour, 2_000, 1_800, r); // about half the hour's room
        store.writeReadings(held);
        List<Reading> batch = readings(machine, hour.plusMillis(1_000), 2_000, 1_500, r); // more than the room left by two claims

        // the points' updates (not the claims) fail: the first attempt at its first chunk, the second at its third
        List<Integer> failAt = new ArrayList<>(List.of(1, 3));
        AtomicInteger chunk = new AtomicInteger();
        DynamoTelemetryStore throttled = new DynamoTelemetryStore(new Interleaved("H#" + machine, (n, request) -> {
            if (!request.updateExpression().startsWith("SET #a0")) return; // a claim or a claim given back
            if (!failAt.isEmpty() && chunk.incrementAndGet() == failAt.get(0)) {
                failAt.remove(0);
                chunk.set(0);
                throw software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException.builder()
                        .message("Throughput exceeds the current capacity (injected)").statusCode(400).build();
            }
        }), Settings.from(storage.environment()));

        assertThrows(software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException.class,
                () -> throttled.writeReadings(batch));
        assertEquals(1_800, store.readings(machine, hour, hour.plus(Duration.ofHours(1))).size());
        // sent again: claims again (it failed with a 413 here), stores two chunks, fails at the third
        assertThrows(software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException.class,
                () -> throttled.writeReadings(batch));
        assertEquals(2_000, store.readings(machine, hour, hour.plus(Duration.ofHours(1))).size());
        assertEquals(store.readings(machine, hour, hour.plus(Duration.ofHours(1))).stream().mapToDouble(Reading::energyKwh).sum(),
                energy(machine, hour), 1e-9, "the roll-up holds the chunks stored");
        // and once more: every point stored, with its roll-up
        throttled.writeReadings(batch);
        List<Reading> expected = new ArrayList<>(held);
        expected.addAll(batch);
        expected.sort(java.util.Comparator.comparing(Reading::timestamp));
        assertEquals(expected, store.readings(machine, hour, hour.plus(Duration.ofHours(1))));
        assertEquals(expected.stream().mapToDouble(Reading::energyKwh).sum(), energy(machine, hour), 1e-9);
    }

    /**
     * A batch of two machines whose first machine's write fails: the second was never written, and its claim goes
     * back whole, so the batch sent again fits both (before, the second machine's half-full hour refused it as too
     * large).
     */
    @Test
    void aFailedWriteGivesBackTheClaimsOfTheMachinesItNeverReached() {
        Random r = new Random(23);
        UUID first = UUID.randomUUID(), second = UUID.randomUUID();
        Instant hour = Instant.parse("2020-01-06T03:00:00Z");
        for (UUID m : List.of(first, second)) store.writeReadings(readings(m, hour, 2_000, 1_800, r));
        List<Reading> batch = new ArrayList<>(readings(first, hour.plusMillis(1_000), 2_000, 1_500, r));
        batch.addAll(readings(second, hour.plusMillis(1_000), 2_000, 1_500, r));

        AtomicInteger failures = new AtomicInteger(1);
        DynamoTelemetryStore throttled = new DynamoTelemetryStore(new Interleaved("H#" + first, (n, request) -> {
            if (request.updateExpression().startsWith("SET #a0") && failures.getAndDecrement() > 0) {
                throw software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException.builder()
                        .message("Throughput exceeds the current capacity (injected)").statusCode(400).build();
            }
        }), Settings.from(storage.environment()));
        assertThrows(software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException.class,
                () -> throttled.writeReadings(batch));
        for (UUID m : List.of(first, second)) assertEquals(1_800, store.readings(m, hour, hour.plus(Duration.ofHours(1))).size());
        throttled.writeReadings(batch);
        for (UUID m : List.of(first, second)) assertEquals(3_300, store.readings(m, hour, hour.plus(Duration.ofHours(1))).size());
    }
}
