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
    Optional<Tariff> tariff(UUID factoryId);
    Optional<CarbonFactor> carbonFactor(String region);

    void put(Factory factory);
    void put(Department department);
    void put(Machine machine);
    void put(Tariff tariff);
    void put(CarbonFactor factor);
}
