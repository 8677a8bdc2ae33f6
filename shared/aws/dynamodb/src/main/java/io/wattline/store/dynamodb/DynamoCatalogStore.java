package io.wattline.store.dynamodb;

import io.wattline.domain.CarbonFactor;
import io.wattline.domain.Department;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.Tariff;
import io.wattline.store.CatalogStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static io.wattline.store.dynamodb.Items.bool;
import static io.wattline.store.dynamodb.Items.dbl;
import static io.wattline.store.dynamodb.Items.n;
import static io.wattline.store.dynamodb.Items.s;
import static io.wattline.store.dynamodb.Items.str;
import static io.wattline.store.dynamodb.Items.uuid;

/**
 * The catalogue in one table: partition key = entity kind, sort key = id. A factory's tariffs share the kind
 * {@code TARIFF}: the undated one has the factory's id as its sort key, each dated one {@code <factory id>#<date>}, so
 * one query by the id's prefix reads them all.
 */
public final class DynamoCatalogStore implements CatalogStore {
    private static final String FACTORY = "FACTORY", DEPARTMENT = "DEPARTMENT", MACHINE = "MACHINE",
            TARIFF = "TARIFF", CARBON = "CARBON";

    private final DynamoDbClient db;
    private final String table;

    public DynamoCatalogStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override public List<Factory> factories() { return list(FACTORY, this::factory); }
    @Override public Optional<Factory> factory(UUID id) { return get(FACTORY, id.toString()).map(this::factory); }
    @Override public List<Department> departments() { return list(DEPARTMENT, this::department); }

    @Override
    public List<Machine> machines() {
        List<Machine> machines = new ArrayList<>(list(MACHINE, this::machine));
        machines.sort(Comparator.comparing(Machine::name));
        return machines;
    }

    @Override public Optional<Machine> machine(UUID id) { return get(MACHINE, id.toString()).map(this::machine); }
    @Override
    public List<Tariff> tariffs(UUID factoryId) {
        return tariffs(factoryId, false);
    }

    private List<Tariff> tariffs(UUID factoryId, boolean consistent) {
        QueryRequest q = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :k AND begins_with(sk, :f)")
                .consistentRead(consistent)
                .expressionAttributeValues(Map.of(":k", s(TARIFF), ":f", s(factoryId.toString()))).build();
        List<Tariff> all = new ArrayList<>(DynamoDb.queryAll(db, q).stream().map(this::tariff).toList());
        all.sort(Tariff.BY_EFFECTIVE_FROM);
        return all;
    }
    @Override public Optional<CarbonFactor> carbonFactor(String region) { return get(CARBON, region).map(this::carbon); }

    @Override
    public void put(Factory f) {
        Map<String, AttributeValue> item = key(FACTORY, f.id().toString());
        item.put("name", s(f.name()));
        item.put("location", s(f.location()));
        item.put("timezone", s(f.timezone()));
        item.put("currency", s(f.currency()));
        item.put("carbon_region", s(f.carbonRegion()));
        db.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public void put(Department d) {
        Map<String, AttributeValue> item = key(DEPARTMENT, d.id().toString());
        item.put("factory_id", s(d.factoryId().toString()));
        item.put("name", s(d.name()));
        db.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public void put(Machine m) {
        Map<String, AttributeValue> item = key(MACHINE, m.id().toString());
        item.put("factory_id", s(m.factoryId().toString()));
        if (m.departmentId() != null) item.put("department_id", s(m.departmentId().toString()));
        item.put("name", s(m.name()));
        item.put("type", s(m.type()));
        item.put("rated_power_kw", n(m.ratedPowerKw()));
        item.put("voltage_v", n(m.voltageV()));
        item.put("frequency_hz", n(m.frequencyHz()));
        item.put("active", Items.bool(m.active()));
        db.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public void put(Tariff t) {
        db.putItem(b -> b.tableName(table).item(tariffItem(t)));
    }

    /** In one transaction: a file's tariffs are written whole or not at all. */
    @Override
    public void replaceTariffs(UUID factoryId, List<Tariff> tariffs) {
        List<TransactWriteItem> writes = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Tariff t : tariffs) {
            if (!t.factoryId().equals(factoryId)) throw new IllegalArgumentException("tariff of another factory: " + t.factoryId());
            Map<String, AttributeValue> item = tariffItem(t);
            if (kept.contains(item.get("sk").s())) {
                throw new IllegalArgumentException("two tariffs of factory " + factoryId + " take effect on " + t.effectiveFrom());
            }
            kept.add(item.get("sk").s());
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build());
        }
        for (Tariff stale : tariffs(factoryId, true)) { // as stored now: an import seconds ago may not have reached a replica
            String sk = tariffKey(stale);
            if (!kept.contains(sk)) writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(TARIFF, sk))).build());
        }
        if (writes.isEmpty()) return;
        if (writes.size() > DynamoDb.MAX_TRANSACTION_ITEMS) {
            throw new IllegalArgumentException("a factory's tariffs are written in one transaction of at most "
                    + DynamoDb.MAX_TRANSACTION_ITEMS + " items; " + writes.size() + " needed");
        }
        db.transactWriteItems(b -> b.transactItems(writes));
    }

    private static String tariffKey(Tariff t) {
        return t.effectiveFrom() == null ? t.factoryId().toString() : t.factoryId() + "#" + t.effectiveFrom();
    }

    private static Map<String, AttributeValue> tariffItem(Tariff t) {
        Map<String, AttributeValue> item = key(TARIFF, tariffKey(t));
        item.put("factory_id", s(t.factoryId().toString()));
        if (t.effectiveFrom() != null) item.put("effective_from", s(t.effectiveFrom().toString()));
        item.put("currency", s(t.currency()));
        item.put("base_rate", n(t.baseRate()));
        item.put("demand_charge_per_kw", n(t.demandChargePerKw()));
        List<AttributeValue> windows = new ArrayList<>();
        for (Tariff.Window w : t.windows()) {
            List<AttributeValue> days = w.days().stream().map(d -> s(d.name())).toList();
            windows.add(AttributeValue.fromM(Map.of(
                    "name", s(w.name()), "days", AttributeValue.fromL(days),
                    "start", s(w.start().toString()), "end", s(w.end().toString()), "rate", n(w.rate()))));
        }
        item.put("windows", AttributeValue.fromL(windows));
        // a string set may not be empty: no attribute for a tariff without holidays
        if (!t.holidays().isEmpty()) item.put("holidays", AttributeValue.fromSs(t.holidays().stream().sorted().map(LocalDate::toString).toList()));
        return item;
    }

    @Override
    public void put(CarbonFactor c) {
        Map<String, AttributeValue> item = key(CARBON, c.region());
        item.put("kg_co2_per_kwh", n(c.kgCo2PerKwh()));
        db.putItem(b -> b.tableName(table).item(item));
    }

    private Factory factory(Map<String, AttributeValue> i) {
        return new Factory(uuid(i, "sk"), str(i, "name"), str(i, "location"), str(i, "timezone"),
                str(i, "currency"), str(i, "carbon_region"));
    }

    private Department department(Map<String, AttributeValue> i) {
        return new Department(uuid(i, "sk"), uuid(i, "factory_id"), str(i, "name"));
    }

    private Machine machine(Map<String, AttributeValue> i) {
        return new Machine(uuid(i, "sk"), uuid(i, "factory_id"), uuid(i, "department_id"), str(i, "name"),
                str(i, "type"), dbl(i, "rated_power_kw"), dbl(i, "voltage_v"), dbl(i, "frequency_hz"),
                bool(i, "active"));
    }

    private Tariff tariff(Map<String, AttributeValue> i) {
        List<Tariff.Window> windows = new ArrayList<>();
        for (AttributeValue w : i.getOrDefault("windows", AttributeValue.fromL(List.of())).l()) {
            Map<String, AttributeValue> m = w.m();
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            m.get("days").l().forEach(d -> days.add(DayOfWeek.valueOf(d.s())));
            windows.add(new Tariff.Window(str(m, "name"), days, LocalTime.parse(str(m, "start")),
                    LocalTime.parse(str(m, "end")), dbl(m, "rate")));
        }
        String from = str(i, "effective_from");
        Set<LocalDate> holidays = new java.util.TreeSet<>();
        if (i.containsKey("holidays")) i.get("holidays").ss().forEach(d -> holidays.add(LocalDate.parse(d)));
        return new Tariff(UUID.fromString(str(i, "sk").substring(0, 36)), str(i, "currency"), dbl(i, "base_rate"), windows,
                dbl(i, "demand_charge_per_kw"), from == null ? null : LocalDate.parse(from), holidays); // items before dates: the id alone
    }

    private CarbonFactor carbon(Map<String, AttributeValue> i) {
        return new CarbonFactor(str(i, "sk"), dbl(i, "kg_co2_per_kwh"));
    }

    private static Map<String, AttributeValue> key(String kind, String id) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(kind));
        item.put("sk", s(id));
        return item;
    }

    private Optional<Map<String, AttributeValue>> get(String kind, String id) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).key(key(kind, id))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private <T> List<T> list(String kind, Function<Map<String, AttributeValue>, T> mapper) {
        QueryRequest q = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :k")
                .expressionAttributeValues(Map.of(":k", s(kind))).build();
        return DynamoDb.queryAll(db, q).stream().map(mapper).toList();
    }
}
