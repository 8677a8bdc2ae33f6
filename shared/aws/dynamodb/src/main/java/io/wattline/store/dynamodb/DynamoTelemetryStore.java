package io.wattline.store.dynamodb;

import io.wattline.domain.DomainException;
import io.wattline.domain.OutdoorTemperature;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.domain.Rollups;
import io.wattline.domain.TwinSample;
import io.wattline.store.TelemetryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static io.wattline.store.dynamodb.Items.dbl;
import static io.wattline.store.dynamodb.Items.lng;
import static io.wattline.store.dynamodb.Items.n;
import static io.wattline.store.dynamodb.Items.s;

/**
 * Telemetry in one table, bucketed by hour, the usual DynamoDB time-series layout:
 * <ul>
 *   <li>{@code H#machine} / hour start (epoch ms): one item per machine-hour holding its points as
 *       attributes named by their offset in the hour ({@code r<ms>} = reading
 *       {@code [p, e, i, v, pf, f, t]}, {@code p<ms>} = production {@code [good, bad]}) and a version
 *       {@code ver} that every write increments;</li>
 *   <li>{@code AH#machine} / hour start: the hour's roll-up and its four 15-minute roll-ups ({@code q});</li>
 *   <li>{@code AD#machine} / UTC day start: the day's roll-up;</li>
 *   <li>{@code W#factory} / timestamp: outdoor temperature points;</li>
 *   <li>{@code TW#asset} / timestamp: twin samples, one item each (the twin stores one per simulated
 *       second and deletes them on purge).</li>
 * </ul>
 * A write sets the points (the same timestamp overwrites the same attribute, so replays are
 * idempotent) and gets the whole hour item back in the same request; the hour's roll-ups are computed
 * from that snapshot and stored only over a roll-up computed from an older version ({@code src}), so a
 * slower concurrent writer cannot put back a stale aggregate. Day roll-ups are rebuilt from the hour
 * roll-ups. A month of 1-minute data for one machine is 720 hour items instead of 43,200 point items.
 */
public final class DynamoTelemetryStore implements TelemetryStore {
    private static final long HOUR = 3_600_000L, QUARTER = 900_000L, DAY = 86_400_000L;
    /** Points per UpdateItem: keeps the update expression well under DynamoDB's 4 KB. */
    private static final int POINTS_PER_UPDATE = 100;
    /** DynamoDB's limit of items per transaction. */
    private static final int TRANSACTION_LIMIT = DynamoDb.MAX_TRANSACTION_ITEMS;
    private static final String[] READING_FIELDS = {"p", "e", "i", "v", "pf", "f", "t"};

    private final DynamoDbClient db;
    private final String table;
    /** How long a twin sample stays: written as its {@link io.wattline.config.Tables#EXPIRES_AT}; zero for good. */
    private final java.time.Duration twinSampleRetention;

    /** The store of the settings' telemetry table, keeping the twin's samples as long as they say. */
    public DynamoTelemetryStore(DynamoDbClient db, io.wattline.config.Settings settings) {
        this(db, settings.tables().telemetry(), java.time.Duration.ofDays(settings.twinSampleRetentionDays()));
    }

    public DynamoTelemetryStore(DynamoDbClient db, String table, java.time.Duration twinSampleRetention) {
        this.db = db;
        this.table = table;
        this.twinSampleRetention = twinSampleRetention;
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void writeReadings(List<Reading> readings) {
        write(readings, List.of());
    }

    @Override
    public void writeProduction(List<ProductionCount> counts) {
        write(List.of(), counts);
    }

    /** Both kinds of point share the hour items, so one update per machine-hour stores them together. */
    @Override
    public void write(List<Reading> readings, List<ProductionCount> counts) {
        Map<UUID, Map<Long, Map<String, AttributeValue>>> points = new LinkedHashMap<>();
        for (Reading r : readings) {
            List<AttributeValue> v = new ArrayList<>(7);
            v.add(n(r.powerKw()));
            v.add(n(r.energyKwh()));
            for (Double d : new Double[]{r.currentA(), r.voltageV(), r.powerFactor(), r.frequencyHz(), r.temperatureC()}) {
                v.add(d == null ? AttributeValue.fromNul(true) : n(d));
            }
            add(points, r.machineId(), r.timestamp(), "r", AttributeValue.fromL(v));
        }
        for (ProductionCount c : counts) {
            add(points, c.machineId(), c.timestamp(), "p",
                    AttributeValue.fromL(List.of(n(c.productionCount()), n(c.badCount()))));
        }
        Map<UUID, Map<Long, Claimed>> claimed = claimHours(points);
        List<UUID> machines = new ArrayList<>(points.keySet());
        Map<UUID, Marks> marks;
        try {
            marks = markOldDays(points);
        } catch (RuntimeException failed) { // nothing stored: the room goes back
            claimed.forEach((machine, hours) -> hours.forEach((hour, c) -> release(machine, hour, c, failed)));
            throw failed;
        }
        for (int i = 0; i < machines.size(); i++) {
            UUID machine = machines.get(i);
            try {
                writeHours(machine, points.get(machine), claimed.getOrDefault(machine, Map.of()));
            } catch (RuntimeException failed) {
                // the machines after it were never written: their claimed room goes back whole
                for (UUID unwritten : machines.subList(i + 1, machines.size())) {
                    claimed.getOrDefault(unwritten, Map.of()).forEach((hour, c) -> release(unwritten, hour, c, failed));
                }
                throw failed;
            }
            try {
                if (marks.containsKey(machine)) unmark(machine, marks.get(machine));
            } catch (RuntimeException e) {
                // the points and roll-ups are stored: a mark left behind only has the job repair a sound day
                org.slf4j.LoggerFactory.getLogger(DynamoTelemetryStore.class).warn("marks of {} not cleared", machine, e);
            }
        }
    }

    /** The partition of a machine's days marked for a roll-up repair ({@link #markOldDays}), one item per UTC day. */
    static final String REPAIR_MARKS = "RPR#";
    /**
     * Hours that ended longer ago than this before the write are marked first: the daily job repairs the local days
     * before its run and the two before them ({@code repairRollups}), which holds every hour of the last day whenever
     * the write falls, and the live feed's writes stay one update per hour.
     */
    static final long MARK_OLDER_THAN_MS = DAY;

    /** A write's marks: its token (when it began, and a random part) and the UTC days marked with it. */
    record Marks(String token, java.util.Set<Long> days) {}

    /**
     * Adds this write's token to each older UTC day the points touch ({@link #MARK_OLDER_THAN_MS}), per machine, before
     * any point is written: a writer that stops between its points and their roll-ups (a crash, a timeout) leaves its
     * token for {@link #repairMarkedDays}. Each write has a token of its own in the day's set, so one that finishes
     * takes only its own away.
     */
    private Map<UUID, Marks> markOldDays(Map<UUID, Map<Long, Map<String, AttributeValue>>> points) {
        long now = System.currentTimeMillis(), older = now - MARK_OLDER_THAN_MS;
        String token = now + "-" + Long.toHexString(RANDOM.nextLong());
        Map<UUID, Marks> marks = new HashMap<>();
        points.forEach((machine, hours) -> hours.keySet().forEach(hour -> {
            if (hour + HOUR <= older) marks.computeIfAbsent(machine, k -> new Marks(token, new java.util.TreeSet<>())).days().add(Math.floorDiv(hour, DAY) * DAY);
        }));
        List<Map.Entry<UUID, Long>> days = new ArrayList<>();
        marks.forEach((machine, m) -> m.days().forEach(d -> days.add(Map.entry(machine, d))));
        Concurrently.each(days, CONCURRENT_REQUESTS, d -> db.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s(REPAIR_MARKS + d.getKey()), "sk", n(d.getValue()))).updateExpression("ADD w :token")
                .expressionAttributeValues(Map.of(":token", AttributeValue.fromSs(List.of(token)))))).orThrow();
        return marks;
    }

    /** Takes this write's token from its days once their roll-ups are saved (other writes' tokens stay). */
    private void unmark(UUID machine, Marks marks) {
        Concurrently.each(new ArrayList<>(marks.days()), CONCURRENT_REQUESTS, day -> db.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", s(REPAIR_MARKS + machine), "sk", n(day))).updateExpression("DELETE w :token")
                .expressionAttributeValues(Map.of(":token", AttributeValue.fromSs(List.of(marks.token())))))).orThrow();
    }

    @Override
    public java.util.Set<Instant> markedDays(UUID machine, Instant from, Instant to) {
        java.util.Set<Instant> out = new java.util.TreeSet<>();
        // the UTC days that overlap [from, to): a day's item is keyed by its start
        eachItem(REPAIR_MARKS + machine, Math.floorDiv(from.toEpochMilli(), DAY) * DAY, to.toEpochMilli(), day -> {
            AttributeValue tokens = day.get("w");
            if (tokens != null && !tokens.ss().isEmpty()) out.add(Instant.ofEpochMilli(lng(day, "sk")));
        });
        return out;
    }

    @Override
    public int repairMarkedDays(UUID machine, Instant before, java.util.function.Consumer<Instant> repairedDay) {
        int repaired = 0;
        List<Map<String, AttributeValue>> days = new ArrayList<>();
        eachItem(REPAIR_MARKS + machine, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2, days::add);
        for (Map<String, AttributeValue> day : days) {
            long start = lng(day, "sk");
            AttributeValue tokens = day.get("w");
            List<String> ended = tokens == null ? List.of() : tokens.ss().stream()
                    .filter(t -> Long.parseLong(t.substring(0, t.indexOf('-'))) < before.toEpochMilli()).toList();
            if (!ended.isEmpty()) {
                repaired += repairRollups(machine, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + DAY));
                // what was derived from the lagging roll-ups goes before the mark: failing, the mark stays for the next run
                repairedDay.accept(Instant.ofEpochMilli(start));
                db.updateItem(b -> b.tableName(table).key(Map.of("pk", s(REPAIR_MARKS + machine), "sk", n(start)))
                        .updateExpression("DELETE w :ended").expressionAttributeValues(Map.of(":ended", AttributeValue.fromSs(ended))));
            }
            if (tokens == null || ended.size() == tokens.ss().size()) {
                try { // the day's item once no token is left (a write that marked it since keeps it)
                    db.deleteItem(b -> b.tableName(table).key(Map.of("pk", s(REPAIR_MARKS + machine), "sk", n(start)))
                            .conditionExpression("attribute_not_exists(w)"));
                } catch (ConditionalCheckFailedException markedAgain) {
                    // a write began meanwhile: its token stays
                }
            }
        }
        return repaired;
    }

    /**
     * The most an hour item may hold after a write: DynamoDB refuses items over 400 KB (409,600 bytes), and a write
     * it refuses half way through a batch has stored the hours before it without their roll-ups. The margin covers
     * the size estimate and a concurrent writer of the same hour. About 4,000 readings with full-precision values
     * (a reading a second fits; a meter at 2 Hz fills an hour in about half of it).
     */
    static final long MAX_HOUR_ITEM_BYTES = 380_000;

    /**
     * The claims' sequence on an hour item: every claim sets it, on the condition that it did not change since the
     * claimer read the item, so that claims are made one at a time against what the item holds and others claimed.
     * Not a point, so {@link #parseHour} skips it (before the claims lapsed it held a size; read as a sequence now).
     */
    static final String CLAIM_SEQUENCE = "sz";
    /**
     * Each writer's claim is an attribute of its own, {@code cl_<token>}: [bytes claimed, epoch ms when claimed]. Its
     * writer removes it once its points are stored (or not stored: the room goes back), never another's; not a point,
     * so {@link #parseHour} skips it. (One running total of claims, removed by the last writer that finished, dropped
     * the room of a writer still under way.)
     */
    static final String CLAIM_PREFIX = "cl_";
    /**
     * How long a claim holds room for its points: the longest a write may take ({@link TelemetryStore#LONGEST_WRITE}). A
     * writer that stopped half way (a crash, a timeout) never removes its claim; counted for good, it kept the hour
     * refusing the very retry that would have stored its points (a duplicate batch sent while the first still ran did
     * the same: 45 of a meter's 60 minutes could never be stored).
     */
    static final long CLAIM_LIFETIME_MS = LONGEST_WRITE.toMillis();

    /**
     * What a write may add to an hour without claiming it: the room between {@link #MAX_HOUR_ITEM_BYTES} and
     * DynamoDB's 409,600 bytes holds many such writes landing beside a claim (the live feed adds one reading, ~90 bytes,
     * a minute), and a claim is one more write per hour per batch.
     */
    static final long UNCLAIMED_GROWTH = 2_000;

    /**
     * How full an hour may be after a write that does not claim: closer to {@link #MAX_HOUR_ITEM_BYTES}, every write
     * claims. Writes that do not claim all read the same size, so near the cap 16 small batches at once took an hour
     * past DynamoDB's limit (a 500); from here they would need 35 at once (a write route's burst is 40 on AWS, and
     * DynamoDB's own refusal is then a 413, {@link #update}).
     */
    static final long UNCLAIMED_UP_TO = MAX_HOUR_ITEM_BYTES - 40_000;

    /**
     * Refuses the whole write, before anything is stored, when it would take an hour item past
     * {@link #MAX_HOUR_ITEM_BYTES}: the items of the hours it touches are read (strongly consistent) and the new
     * points added to their size (a point written again replaces its old value); then each hour's growth beyond
     * {@link #UNCLAIMED_GROWTH} is claimed in the item itself ({@link #claim}). Without the check a dense hour failed
     * in DynamoDB with a 500 after the batch's other hours were stored; without the claim two concurrent batches that
     * each fit an hour alone both passed the check, and the second failed half written (an hour with points and no
     * roll-up). Claims over-count when two writers send the same new points at once (a retry while the first attempt
     * still runs): the hour then refuses sooner, never overfills, until the claims are released (their points stored)
     * or lapse ({@link #CLAIM_LIFETIME_MS}). Where a claim is refused, the claims this batch made are given back and
     * nothing is stored. Returns the claims made per machine and hour.
     */
    private Map<UUID, Map<Long, Claimed>> claimHours(Map<UUID, Map<Long, Map<String, AttributeValue>>> points) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        points.forEach((machine, hours) -> hours.keySet().forEach(h -> keys.add(Map.of("pk", s("H#" + machine), "sk", n(h)))));
        Map<String, Map<String, AttributeValue>> stored = new HashMap<>();
        for (Map<String, AttributeValue> item : DynamoDb.batchGet(db, table, keys, true)) {
            stored.put(item.get("pk").s() + "@" + item.get("sk").n(), item);
        }
        record Claim(UUID machine, long hour, Map<String, AttributeValue> attrs) {}
        List<Claim> claims = new ArrayList<>();
        long now = System.currentTimeMillis();
        points.forEach((machine, hours) -> hours.forEach((hour, attrs) -> {
            Map<String, AttributeValue> item = stored.get("H#" + machine + "@" + hour);
            long growth = growth(item, attrs), total = held(machine, hour, item, now) + growth;
            if (growth <= 0) return; // points it holds already (a retried batch): nothing to make room for
            if (total > MAX_HOUR_ITEM_BYTES) throw refusal(machine, hour, item, growth, total);
            if (growth > UNCLAIMED_GROWTH || total > UNCLAIMED_UP_TO) claims.add(new Claim(machine, hour, attrs));
        }));
        Map<UUID, Map<Long, Claimed>> made = new HashMap<>(); // each claim made
        try {
            for (Claim c : claims) {
                Claimed claimed = claim(c.machine(), c.hour(), c.attrs(), stored.get("H#" + c.machine() + "@" + c.hour()));
                made.computeIfAbsent(c.machine(), k -> new HashMap<>()).put(c.hour(), claimed);
            }
        } catch (RuntimeException refused) {
            made.forEach((machine, hours) -> hours.forEach((hour, claimed) -> release(machine, hour, claimed, refused)));
            throw refused;
        }
        return made;
    }

    /** A claim made: its attribute on the hour item and the bytes it claimed. */
    record Claimed(String attribute, long growth) {}

    /**
     * Why points do not fit: the hour is full ({@link DomainException.TooLarge}, 413), or they would fit but for room
     * other writers claimed in the last {@link #CLAIM_LIFETIME_MS} ms (a 409 to retry: writes under way, or one that
     * stopped half way and whose claim lapses soon).
     */
    private static RuntimeException refusal(UUID machine, long hour, Map<String, AttributeValue> item, long growth, long total) {
        long stored = item == null ? 0 : Items.size(item);
        if (stored + growth <= MAX_HOUR_ITEM_BYTES) {
            return new DomainException.Conflict("Other writes to machine " + machine + " in the hour from "
                    + Instant.ofEpochMilli(hour) + " are under way, or stopped less than " + CLAIM_LIFETIME_MS / 60_000
                    + " minutes ago; nothing of this batch was stored: send it again in " + CLAIM_LIFETIME_MS / 60_000 + " minutes.");
        }
        return overfull(machine, hour, total);
    }

    /**
     * Removes a claim once its writer is done with it (its points stored, or not stored: the room goes back). If that
     * fails, the claim lapses after {@link #CLAIM_LIFETIME_MS}; meanwhile the hour refuses a little sooner.
     */
    private void release(UUID machine, long hour, Claimed claimed, RuntimeException failure) {
        try {
            db.updateItem(b -> b.tableName(table).key(Map.of("pk", s("H#" + machine), "sk", n(hour)))
                    .updateExpression("REMOVE #c").conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#c", claimed.attribute())));
        } catch (ConditionalCheckFailedException gone) {
            // the hour item is gone (a purge): nothing to release
        } catch (RuntimeException e) {
            if (failure != null) failure.addSuppressed(e);
            else org.slf4j.LoggerFactory.getLogger(DynamoTelemetryStore.class).warn("claim of {} at {} not released", machine, hour, e);
        }
    }

    /** How many claims of one hour are tried, each after reading the hour again, when other writers claim beside it. */
    private static final int CLAIM_ATTEMPTS = 20;
    /**
     * Claim and mark tokens, and the retries' spread. Not the JDK's thread-local generator: under SnapStart every instance
     * restored from one snapshot would draw the same sequence (its seed is in the snapshot), so two new instances
     * writing one hour would share a claim; {@code SecureRandom} mixes in the instance's own entropy at each draw (AWS,
     * "Handling uniqueness with Lambda SnapStart").
     */
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * Claims the room the points need in their hour's item: adds this writer's claim attribute and moves the claims'
     * sequence on, on the condition that the sequence did not move since the item was read (else it reads the item
     * again), and removes claims that have lapsed. Returns the claim; throws {@link DomainException.TooLarge} when the
     * points do not fit, a {@link DomainException.Conflict} when they would but for other writers' claims.
     */
    private Claimed claim(UUID machine, long hour, Map<String, AttributeValue> attrs, Map<String, AttributeValue> item) {
        String attribute = CLAIM_PREFIX + Long.toHexString(RANDOM.nextLong() | Long.MIN_VALUE);
        for (int attempt = 1; ; attempt++) {
            long now = System.currentTimeMillis();
            long growth = growth(item, attrs), total = held(machine, hour, item, now) + growth;
            if (total > MAX_HOUR_ITEM_BYTES) throw refusal(machine, hour, item, growth, total);
            AttributeValue seen = item == null ? null : item.get(CLAIM_SEQUENCE);
            Map<String, String> names = new HashMap<>(Map.of("#s", CLAIM_SEQUENCE, "#c", attribute));
            StringBuilder remove = new StringBuilder();
            for (String lapsed : lapsedClaims(item, now)) {
                names.put("#l" + names.size(), lapsed);
                remove.append(remove.isEmpty() ? " REMOVE " : ", ").append("#l").append(names.size() - 1);
            }
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", n(1), ":claim", AttributeValue.fromL(List.of(n(growth), n(now)))));
            if (seen != null) values.put(":seen", seen);
            try {
                db.updateItem(b -> b.tableName(table).key(Map.of("pk", s("H#" + machine), "sk", n(hour)))
                        .updateExpression("SET #c = :claim ADD #s :one" + remove)
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .conditionExpression(seen == null ? "attribute_not_exists(#s)" : "#s = :seen"));
                return new Claimed(attribute, growth);
            } catch (ConditionalCheckFailedException claimedMeanwhile) {
                if (attempt == CLAIM_ATTEMPTS) throw busy(machine, hour);
                // many writers of one hour at once: one claims per round, the others spread out before reading again
                try {
                    Thread.sleep(RANDOM.nextInt(1, 2 + 2 * attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy(machine, hour);
                }
                item = hourItem(machine, hour);
            }
        }
    }

    /** The claims on an item older than {@link #CLAIM_LIFETIME_MS}: their writers stopped. */
    private static List<String> lapsedClaims(Map<String, AttributeValue> item, long now) {
        List<String> out = new ArrayList<>();
        if (item == null) return out;
        item.forEach((name, v) -> {
            if (name.startsWith(CLAIM_PREFIX) && now - Long.parseLong(v.l().get(1).n()) >= CLAIM_LIFETIME_MS) out.add(name);
        });
        return out;
    }

    /**
     * What an hour item holds plus the room its writers have claimed in the last {@link #CLAIM_LIFETIME_MS} ms (its keys
     * and a claim alone if there is none). A writer whose points are stored but whose claim is not yet removed is
     * counted twice for that moment: the hour refuses a little sooner, never overfills.
     */
    private static long held(UUID machine, long hour, Map<String, AttributeValue> item, long now) {
        long claim = Items.size(CLAIM_PREFIX + "0123456789abcdef", AttributeValue.fromL(List.of(n(MAX_HOUR_ITEM_BYTES), n(now))));
        if (item == null) {
            return Items.size("pk", s("H#" + machine)) + Items.size("sk", n(hour)) + Items.size("ver", n(1))
                    + Items.size(CLAIM_SEQUENCE, n(1)) + claim;
        }
        long held = Items.size(item) + claim;
        for (var e : item.entrySet()) {
            if (!e.getKey().startsWith(CLAIM_PREFIX)) continue;
            List<AttributeValue> c = e.getValue().l();
            if (now - Long.parseLong(c.get(1).n()) < CLAIM_LIFETIME_MS) held += Long.parseLong(c.get(0).n());
        }
        return held;
    }

    /** The bytes the points add to the item (a point written again replaces its old value). */
    private static long growth(Map<String, AttributeValue> item, Map<String, AttributeValue> attrs) {
        long growth = 0;
        for (var a : attrs.entrySet()) {
            AttributeValue old = item == null ? null : item.get(a.getKey());
            growth += Items.size(a.getKey(), a.getValue()) - (old == null ? 0 : Items.size(a.getKey(), old));
        }
        return growth;
    }

    /** Other writers kept claiming the hour first: retryable, unlike a full hour. */
    private static DomainException.Conflict busy(UUID machine, long hour) {
        return new DomainException.Conflict("Other writes to machine " + machine + " in the hour from "
                + Instant.ofEpochMilli(hour) + " are under way; nothing of this batch was stored: send it again.");
    }

    private static DomainException.TooLarge overfull(UUID machine, long hour, long bytes) {
        return new DomainException.TooLarge("Too many points for machine " + machine + " in the hour from "
                + Instant.ofEpochMilli(hour) + ": this store keeps a machine's hour of readings and production "
                + "counts in one record of at most " + MAX_HOUR_ITEM_BYTES / 1000 + " KB (about 4,000 readings; "
                + "one a second fits), and this batch would bring it to "
                + (bytes + 999) / 1000 + " KB"
                + ". Nothing was stored.");
    }

    private static void add(Map<UUID, Map<Long, Map<String, AttributeValue>>> points, UUID machine, Instant t,
                            String prefix, AttributeValue value) {
        long ms = t.toEpochMilli();
        long hour = Math.floorDiv(ms, HOUR) * HOUR;
        points.computeIfAbsent(machine, k -> new TreeMap<>()).computeIfAbsent(hour, k -> new LinkedHashMap<>())
                .put(prefix + (ms - hour), value);
    }

    @Override
    public void writeOutdoorTemperatures(List<OutdoorTemperature> temperatures) {
        List<WriteRequest> puts = new ArrayList<>(temperatures.size());
        for (OutdoorTemperature t : temperatures) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", s("W#" + t.factoryId()));
            item.put("sk", n(t.timestamp().toEpochMilli()));
            item.put("t", n(t.temperatureC()));
            puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        DynamoDb.batchWrite(db, table, puts);
    }

    /**
     * Writes one machine's points, its hours side by side ({@link #CONCURRENT_REQUESTS} at a time: each is its own
     * item, and one after another a year of hourly readings took 4,380 round trips), then refreshes the roll-ups of the
     * hours and days touched. If an hour's write fails, the roll-ups of the hours that were stored are still refreshed
     * before the failure is reported (otherwise they would stay behind their points until a repair reached them).
     * {@code claimed}: the claims {@link #claimHours} made per hour, released as their hours are stored.
     */
    private void writeHours(UUID machine, Map<Long, Map<String, AttributeValue>> hours, Map<Long, Claimed> claimed) {
        List<Long> starts = new ArrayList<>(hours.keySet());
        Concurrently.Results<Put> written = Concurrently.each(starts, CONCURRENT_REQUESTS, hour -> {
            Map<String, AttributeValue> snapshot = null;
            List<Map.Entry<String, AttributeValue>> attrs = new ArrayList<>(hours.get(hour).entrySet());
            for (int i = 0; i < attrs.size(); i += POINTS_PER_UPDATE) {
                snapshot = update(machine, hour, attrs.subList(i, Math.min(attrs.size(), i + POINTS_PER_UPDATE)));
            }
            Claimed ours = claimed.get(hour);
            if (ours != null) release(machine, hour, ours, null);
            return hourRollup(machine, hour, snapshot);
        });
        List<Put> rollups = new ArrayList<>();
        TreeSet<Long> days = new TreeSet<>();
        for (int i = 0; i < starts.size(); i++) {
            Put rollup = written.values().get(i);
            long hour = starts.get(i);
            if (rollup == null) rollup = afterFailure(machine, hour, claimed.get(hour), written.failure());
            if (rollup == null) continue;
            rollups.add(rollup);
            days.add(Math.floorDiv(hour, DAY) * DAY);
        }
        saveRollups(rollups);
        refreshDays(machine, days);
        written.orThrow();
    }

    /**
     * After an hour's write failed (an outage, a throttled update; some chunks may be stored): removes this batch's
     * claim (what its points took is in the item now; else each retry claimed the room again, and after a few failures
     * the hour refused points while half empty), and returns the roll-up of the item as it now is, so that no hour
     * keeps points without a roll-up; null if the item cannot be read (the repair job's case).
     */
    private Put afterFailure(UUID machine, long hour, Claimed claimed, RuntimeException failure) {
        if (claimed != null) release(machine, hour, claimed, failure);
        Map<String, AttributeValue> item;
        try {
            item = hourItem(machine, hour);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            return null;
        }
        if (item == null) return null;
        try {
            return hourRollup(machine, hour, item);
        } catch (RuntimeException e) {
            failure.addSuppressed(e); // the other hours' roll-ups are still saved; the repair job reaches this one
            return null;
        }
    }

    /** The hour item as stored now (strongly consistent), or null if there is none. */
    private Map<String, AttributeValue> hourItem(UUID machine, long hour) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", s("H#" + machine), "sk", n(hour)))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /**
     * Requests a write sends side by side: the JDK's HTTP client (the SDK's URLConnection client) keeps 5 connections
     * per host alive ({@code http.maxConnections}); more at once would open a new TLS connection for each extra request.
     */
    static final int CONCURRENT_REQUESTS = 5;

    /** How often a day roll-up is recomputed when its hours keep changing under it (concurrent writers). */
    private static final int DAY_ATTEMPTS = 5;

    /**
     * Stores the days' roll-ups from their hour roll-ups, then reads the hours again: where another writer changed
     * an hour meanwhile (the sum of the hours' versions moved), the day is computed and stored again. Two writers
     * of different hours of one day can each sum the other's hour before it changed, with equal version sums; the
     * check after the write makes the later of them see both, so the day never stays short.
     */
    private void refreshDays(UUID machine, Collection<Long> days) {
        List<Long> pending = new ArrayList<>(days);
        for (int attempt = 0; attempt < DAY_ATTEMPTS && !pending.isEmpty(); attempt++) {
            List<Put> puts = Concurrently.map(pending, CONCURRENT_REQUESTS, day -> dayRollup(machine, day));
            List<Long> sources = new ArrayList<>();
            for (Put put : puts) sources.add(Long.parseLong(put.item().get("src").n()));
            saveRollups(puts);
            List<Long> now = Concurrently.map(pending, CONCURRENT_REQUESTS, day -> hourSources(machine, day));
            List<Long> moved = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                if (!now.get(i).equals(sources.get(i))) moved.add(pending.get(i));
            }
            pending = moved;
        }
    }

    /** The sum of the versions of a day's hour roll-ups. */
    private long hourSources(UUID machine, long day) {
        long[] src = {0};
        eachItem("AH#" + machine, day, day + DAY, item -> src[0] += lng(item, "src"));
        return src[0];
    }

    /**
     * Brings the roll-ups of {@code [from, to)} back in step with the points: an hour item whose version is newer
     * than its roll-up's (a writer stopped between the two writes) gets its roll-up recomputed, and the days of
     * those hours theirs. Returns the hours repaired.
     */
    @Override
    public int repairRollups(UUID machine, Instant from, Instant to) {
        long a = Math.floorDiv(from.toEpochMilli(), HOUR) * HOUR, b = to.toEpochMilli();
        Map<Long, Long> rolled = new HashMap<>();
        eachItem("AH#" + machine, a, b, item -> rolled.put(lng(item, "sk"), lng(item, "src")));
        List<Put> puts = new ArrayList<>();
        TreeSet<Long> days = new TreeSet<>();
        eachItem("H#" + machine, a, b, item -> {
            long hour = lng(item, "sk");
            if (lng(item, "ver") > rolled.getOrDefault(hour, -1L)) {
                puts.add(hourRollup(machine, hour, item));
                days.add(Math.floorDiv(hour, DAY) * DAY);
            }
        });
        saveRollups(puts);
        refreshDays(machine, days);
        return puts.size();
    }

    /** Sets the points on the hour item, bumps its version, and returns the whole item as it now is. */
    private Map<String, AttributeValue> update(UUID machine, long hour, List<Map.Entry<String, AttributeValue>> attrs) {
        StringBuilder set = new StringBuilder("SET ");
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        for (int i = 0; i < attrs.size(); i++) {
            if (i > 0) set.append(", ");
            set.append("#a").append(i).append(" = :v").append(i);
            names.put("#a" + i, attrs.get(i).getKey());
            values.put(":v" + i, attrs.get(i).getValue());
        }
        values.put(":one", n(1));
        String expression = set + " ADD ver :one";
        try {
            return db.updateItem(b -> b.tableName(table)
                    .key(Map.of("pk", s("H#" + machine), "sk", n(hour)))
                    .updateExpression(expression)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
        } catch (DynamoDbException e) {
            // the claims leave room for this: more writers of the hour at once than they allow for
            if (e.statusCode() == 400 && e.getMessage() != null && e.getMessage().contains("exceeded the maximum allowed size")) {
                throw new DomainException.TooLarge("Too many points for machine " + machine + " in the hour from "
                        + Instant.ofEpochMilli(hour) + ": its record is full (at most " + MAX_HOUR_ITEM_BYTES / 1000
                        + " KB) with what other writes stored in it meanwhile; this batch's other hours may have been"
                        + " stored (sending them again replaces them, it does not add them twice); split or leave out this"
                        + " hour's points.", false);
            }
            throw e;
        }
    }

    /** The hour's roll-up and its four quarters, from a snapshot of the hour item ({@link Rollups}, the one definition). */
    private Put hourRollup(UUID machine, long hour, Map<String, AttributeValue> item) {
        Points points = parseHour(machine, item, hour, hour + HOUR);
        Rollup[] quarters = new Rollup[4];
        for (int i = 0; i < 4; i++) quarters[i] = Rollup.empty(Instant.ofEpochMilli(hour + i * QUARTER));
        for (Rollup r : Rollups.aggregate(Resolution.MIN15, points.readings(), points.production())) {
            quarters[(int) ((r.bucket().toEpochMilli() - hour) / QUARTER)] = r;
        }
        Rollup total = Rollup.empty(Instant.ofEpochMilli(hour));
        List<AttributeValue> q = new ArrayList<>(4);
        for (Rollup r : quarters) {
            total = total.plus(r);
            q.add(AttributeValue.fromL(encode(r)));
        }
        Map<String, AttributeValue> rollup = rollupItem("AH#" + machine, total, lng(item, "ver"));
        rollup.put("q", AttributeValue.fromL(q));
        return conditionalPut(rollup);
    }

    /** The day's roll-up from its hour roll-ups; its version is the sum of theirs. */
    private Put dayRollup(UUID machine, long day) {
        Rollup[] total = {Rollup.empty(Instant.ofEpochMilli(day))};
        long[] src = {0};
        eachItem("AH#" + machine, day, day + DAY, item -> {
            total[0] = total[0].plus(rollupOf(item));
            src[0] += lng(item, "src");
        });
        return conditionalPut(rollupItem("AD#" + machine, total[0], src[0]));
    }

    private Put conditionalPut(Map<String, AttributeValue> item) {
        return Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(src) OR src <= :src")
                .expressionAttributeValues(Map.of(":src", item.get("src"))).build();
    }

    /**
     * Stores roll-ups, up to 100 per transaction (one round trip); if a condition fails (a concurrent
     * writer stored a newer aggregate) the chunk is retried item by item so the others still land.
     */
    private void saveRollups(List<Put> puts) {
        for (int i = 0; i < puts.size(); i += TRANSACTION_LIMIT) {
            List<Put> chunk = puts.subList(i, Math.min(puts.size(), i + TRANSACTION_LIMIT));
            if (chunk.size() > 1) {
                try {
                    db.transactWriteItems(b -> b.transactItems(chunk.stream()
                            .map(p -> TransactWriteItem.builder().put(p).build()).toList()));
                    continue;
                } catch (TransactionCanceledException conflict) {
                    // fall through: item by item
                }
            }
            for (Put p : chunk) {
                try {
                    db.putItem(b -> b.tableName(p.tableName()).item(p.item()).conditionExpression(p.conditionExpression())
                            .expressionAttributeValues(p.expressionAttributeValues()));
                } catch (ConditionalCheckFailedException newer) {
                    // a concurrent write already stored an aggregate of a newer version
                }
            }
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public List<Reading> readings(UUID machineId, Instant from, Instant to) {
        return points(machineId, from, to).readings();
    }

    @Override
    public List<ProductionCount> production(UUID machineId, Instant from, Instant to) {
        return points(machineId, from, to).production();
    }

    /** Readings and production share the hour items: one query reads both. */
    @Override
    public Points points(UUID machineId, Instant from, Instant to) {
        List<Reading> readings = new ArrayList<>();
        List<ProductionCount> production = new ArrayList<>();
        long a = from.toEpochMilli(), b = to.toEpochMilli();
        eachItem("H#" + machineId, Math.floorDiv(a, HOUR) * HOUR, b, item -> {
            Points hour = parseHour(machineId, item, a, b);
            readings.addAll(hour.readings());
            production.addAll(hour.production());
        });
        return new Points(readings, production);
    }

    /** The points of one hour item with timestamps in {@code [a, b)}, in time order. */
    private static Points parseHour(UUID machineId, Map<String, AttributeValue> item, long a, long b) {
        long hour = lng(item, "sk");
        TreeMap<Long, List<AttributeValue>> r = new TreeMap<>(), p = new TreeMap<>();
        item.forEach((name, value) -> {
            if (name.length() < 2 || !Character.isDigit(name.charAt(1))) return;
            long t = hour + Long.parseLong(name.substring(1));
            if (t < a || t >= b) return;
            if (name.charAt(0) == 'r') r.put(t, value.l());
            else if (name.charAt(0) == 'p') p.put(t, value.l());
        });
        List<Reading> readings = new ArrayList<>(r.size());
        r.forEach((t, v) -> readings.add(reading(machineId, Instant.ofEpochMilli(t), v)));
        List<ProductionCount> production = new ArrayList<>(p.size());
        p.forEach((t, v) -> production.add(new ProductionCount(machineId, Instant.ofEpochMilli(t),
                Long.parseLong(v.get(0).n()), Long.parseLong(v.get(1).n()))));
        return new Points(readings, production);
    }

    @Override
    public List<OutdoorTemperature> outdoorTemperatures(UUID factoryId, Instant from, Instant to) {
        List<OutdoorTemperature> out = new ArrayList<>();
        eachItem("W#" + factoryId, from.toEpochMilli(), to.toEpochMilli(), item -> out.add(
                new OutdoorTemperature(factoryId, Instant.ofEpochMilli(lng(item, "sk")), dbl(item, "t"))));
        return out;
    }

    @Override
    public List<Rollup> rollups(UUID machineId, Resolution resolution, Instant from, Instant to) {
        List<Rollup> out = new ArrayList<>();
        long a = from.toEpochMilli(), b = to.toEpochMilli();
        switch (resolution) {
            case MIN15 -> eachItem("AH#" + machineId, Math.floorDiv(a, HOUR) * HOUR, b, item -> {
                long hour = lng(item, "sk");
                List<AttributeValue> q = item.get("q").l();
                for (int i = 0; i < q.size(); i++) {
                    long start = hour + i * QUARTER;
                    Rollup r = decode(Instant.ofEpochMilli(start), q.get(i).l());
                    if (start >= a && start < b && !r.isEmpty()) out.add(r);
                }
            });
            case HOUR -> eachItem("AH#" + machineId, a, b, item -> add(out, item));
            case DAY -> eachItem("AD#" + machineId, a, b, item -> add(out, item));
        }
        return out;
    }

    private static void add(List<Rollup> out, Map<String, AttributeValue> item) {
        Rollup r = rollupOf(item);
        if (!r.isEmpty()) out.add(r);
    }

    @Override
    public Optional<Reading> latest(UUID machineId) {
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("H#" + machineId)))
                .scanIndexForward(false).limit(4).build();
        Map<String, AttributeValue> start = null;
        do {
            var page = db.query(start == null ? q : q.toBuilder().exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                long hour = lng(item, "sk"), best = -1;
                for (String name : item.keySet()) {
                    if (name.length() > 1 && name.charAt(0) == 'r' && Character.isDigit(name.charAt(1))) {
                        best = Math.max(best, Long.parseLong(name.substring(1)));
                    }
                }
                if (best >= 0) {
                    return Optional.of(reading(machineId, Instant.ofEpochMilli(hour + best), item.get("r" + best).l()));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return Optional.empty();
    }

    private static Reading reading(UUID machineId, Instant t, List<AttributeValue> v) {
        return new Reading(machineId, t, num(v, 0), num(v, 1), numOrNull(v, 2), numOrNull(v, 3), numOrNull(v, 4),
                numOrNull(v, 5), numOrNull(v, 6));
    }

    private static double num(List<AttributeValue> v, int i) {
        return Double.parseDouble(v.get(i).n());
    }

    private static Double numOrNull(List<AttributeValue> v, int i) {
        return i >= v.size() || v.get(i).n() == null ? null : Double.valueOf(v.get(i).n());
    }

    /** Items of a series with sort key in {@code [from, to)}, in order. */
    private void eachItem(String series, long from, long to, Consumer<Map<String, AttributeValue>> sink) {
        if (from >= to) return;
        QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(Map.of(":pk", s(series), ":a", n(from), ":b", n(to - 1)))
                .build();
        DynamoDb.queryEach(db, q, sink);
    }

    // ---------------------------------------------------------------- twin samples

    @Override
    public void writeTwinSamples(List<TwinSample> samples) {
        List<WriteRequest> puts = new ArrayList<>(samples.size());
        for (TwinSample t : samples) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", s("TW#" + t.assetId()));
            item.put("sk", n(t.timestamp().toEpochMilli()));
            item.put("v", n(t.voltageV()));
            item.put("i", n(t.currentA()));
            item.put("pf", n(t.powerFactor()));
            item.put("g", n(t.vibrationG()));
            item.put("src", s(t.source()));
            item.put("bad", Items.bool(t.faulty()));
            if (t.faultType() != null) item.put("ft", s(t.faultType()));
            if (t.severity() != null) item.put("sev", s(t.severity()));
            Items.putIfPresent(item, "sc", t.score());
            if (!twinSampleRetention.isZero()) {
                // DynamoDB's time to live deletes it some time after (within days), at no write cost
                item.put(io.wattline.config.Tables.EXPIRES_AT, n(t.timestamp().plus(twinSampleRetention).getEpochSecond()));
            }
            puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        DynamoDb.batchWrite(db, table, puts);
    }

    @Override
    public List<TwinSample> twinSamples(String assetId, Instant from, Instant to) {
        List<TwinSample> out = new ArrayList<>();
        eachItem("TW#" + assetId, from.toEpochMilli(), to.toEpochMilli(), item -> out.add(new TwinSample(assetId,
                Instant.ofEpochMilli(lng(item, "sk")), dbl(item, "v"), dbl(item, "i"), dbl(item, "pf"), dbl(item, "g"),
                Items.str(item, "src"), Items.bool(item, "bad"), Items.str(item, "ft"), Items.str(item, "sev"),
                Items.dblOrNull(item, "sc"))));
        return out;
    }

    @Override
    public int deleteTwinSamples(String assetId, Instant from, Instant to, int limit) {
        String series = "TW#" + assetId;
        if (limit < 1 || !from.isBefore(to)) return 0;
        // the keys only, page by page up to the limit (a day of monitoring is 86,400 items)
        List<WriteRequest> deletes = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :a AND :b").projectionExpression("sk")
                    .expressionAttributeValues(Map.of(":pk", s(series), ":a", n(from.toEpochMilli()),
                            ":b", n(to.toEpochMilli() - 1)))
                    .limit(Math.min(limit - deletes.size(), 10_000));
            if (start != null) q.exclusiveStartKey(start);
            QueryResponse page = db.query(q.build());
            for (Map<String, AttributeValue> item : page.items()) {
                deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                        .key(Map.of("pk", s(series), "sk", item.get("sk"))).build()).build());
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && deletes.size() < limit);
        DynamoDb.batchWrite(db, table, deletes);
        return deletes.size();
    }

    @Override
    public int deleteTwinSamples(String assetId, java.util.Collection<Instant> timestamps) {
        String series = "TW#" + assetId;
        List<WriteRequest> deletes = new ArrayList<>(timestamps.size());
        for (long ms : timestamps.stream().mapToLong(Instant::toEpochMilli).distinct().toArray()) { // a batch names a key once
            deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                    .key(Map.of("pk", s(series), "sk", n(ms))).build()).build());
        }
        DynamoDb.batchWrite(db, table, deletes);
        return deletes.size();
    }

    // ---------------------------------------------------------------- roll-up codec

    /** A quarter inside an hour roll-up: {@code [e, ps, pm|NUL, n, c, b]}. */
    private static List<AttributeValue> encode(Rollup r) {
        return List.of(n(r.energyKwh()), n(r.powerSum()), r.samples() > 0 ? n(r.powerMax()) : AttributeValue.fromNul(true),
                n(r.samples()), n(r.production()), n(r.bad()));
    }

    private static Rollup decode(Instant bucket, List<AttributeValue> l) {
        long samples = Long.parseLong(l.get(3).n());
        return new Rollup(bucket, num(l, 0), num(l, 1), samples > 0 ? num(l, 2) : Double.NEGATIVE_INFINITY, samples,
                Long.parseLong(l.get(4).n()), Long.parseLong(l.get(5).n()));
    }

    private static Map<String, AttributeValue> rollupItem(String pk, Rollup r, long src) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(pk));
        item.put("sk", n(r.bucket().toEpochMilli()));
        item.put("e", n(r.energyKwh()));
        item.put("ps", n(r.powerSum()));
        if (r.samples() > 0) item.put("pm", n(r.powerMax()));
        item.put("n", n(r.samples()));
        item.put("c", n(r.production()));
        item.put("b", n(r.bad()));
        item.put("src", n(src));
        return item;
    }

    private static Rollup rollupOf(Map<String, AttributeValue> item) {
        long samples = lng(item, "n");
        return new Rollup(Instant.ofEpochMilli(lng(item, "sk")), dbl(item, "e"), dbl(item, "ps"),
                samples > 0 ? dbl(item, "pm") : Double.NEGATIVE_INFINITY, samples, lng(item, "c"), lng(item, "b"));
    }
}
