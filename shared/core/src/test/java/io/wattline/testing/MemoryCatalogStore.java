package io.wattline.testing;

import io.wattline.domain.CarbonFactor;
import io.wattline.domain.Department;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.Tariff;
import io.wattline.store.CatalogStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link CatalogStore} in memory, for tests. */
public final class MemoryCatalogStore implements CatalogStore {
    private final Map<UUID, Factory> factories = new ConcurrentHashMap<>();
    private final Map<UUID, Department> departments = new ConcurrentHashMap<>();
    private final Map<UUID, Machine> machines = new ConcurrentHashMap<>();
    private final Map<UUID, List<Tariff>> tariffs = new ConcurrentHashMap<>();
    private final Map<String, CarbonFactor> carbon = new ConcurrentHashMap<>();

    @Override public List<Factory> factories() { return new ArrayList<>(factories.values()); }
    @Override public Optional<Factory> factory(UUID id) { return Optional.ofNullable(factories.get(id)); }
    @Override public List<Department> departments() { return new ArrayList<>(departments.values()); }
    @Override public List<Machine> machines() { return new ArrayList<>(machines.values()); }
    @Override public Optional<Machine> machine(UUID id) { return Optional.ofNullable(machines.get(id)); }
    @Override public List<Tariff> tariffs(UUID factoryId) { return List.copyOf(tariffs.getOrDefault(factoryId, List.of())); }
    @Override public Optional<CarbonFactor> carbonFactor(String region) { return Optional.ofNullable(carbon.get(region)); }

    @Override public void put(Factory f) { factories.put(f.id(), f); }
    @Override public void put(Department d) { departments.put(d.id(), d); }
    @Override public void put(Machine m) { machines.put(m.id(), m); }
    @Override
    public void put(Tariff t) {
        tariffs.compute(t.factoryId(), (f, old) -> {
            List<Tariff> all = new ArrayList<>(old == null ? List.of() : old);
            all.removeIf(x -> java.util.Objects.equals(x.effectiveFrom(), t.effectiveFrom()));
            all.add(t);
            all.sort(Tariff.BY_EFFECTIVE_FROM);
            return List.copyOf(all);
        });
    }

    @Override
    public void replaceTariffs(UUID factoryId, List<Tariff> list) {
        List<Tariff> all = new ArrayList<>(list);
        all.sort(Tariff.BY_EFFECTIVE_FROM);
        tariffs.put(factoryId, List.copyOf(all));
    }
    @Override public void put(CarbonFactor c) { carbon.put(c.region(), c); }
}
