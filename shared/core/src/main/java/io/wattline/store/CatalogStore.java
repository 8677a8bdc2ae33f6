package io.wattline.store;

import io.wattline.domain.CarbonFactor;
import io.wattline.domain.Department;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.Tariff;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Factories, departments, machines, tariffs and carbon factors. */
public interface CatalogStore {
    List<Factory> factories();
    Optional<Factory> factory(UUID id);
    List<Department> departments();
    List<Machine> machines();
    Optional<Machine> machine(UUID id);
    /** A factory's tariffs, ordered by {@link Tariff#BY_EFFECTIVE_FROM}; empty when it has none. */
    List<Tariff> tariffs(UUID factoryId);
    Optional<CarbonFactor> carbonFactor(String region);

    void put(Factory factory);
    void put(Department department);
    void put(Machine machine);
    /** Adds a tariff, replacing the factory's tariff with the same {@link Tariff#effectiveFrom} (none: the undated one). */
    void put(Tariff tariff);
    /**
     * Replaces a factory's tariffs with {@code tariffs} (all of this factory's): the ones stored that are not among
     * them are removed, so a catalogue file is the whole of a factory's tariff history.
     */
    void replaceTariffs(UUID factoryId, List<Tariff> tariffs);
    void put(CarbonFactor factor);
}
