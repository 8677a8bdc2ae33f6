package io.wattline.analytics.kpi;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ComparisonTest {
    static final Instant A = Instant.parse("2025-10-01T00:00:00Z"), B = Instant.parse("2025-10-02T00:00:00Z");

    static Comparison.Entry priced(String name, String currency, double energy, long samples, long production, double cost) {
        return priced(name, "press", currency, energy, samples, production, cost);
    }

    static Comparison.Entry priced(String name, String type, String currency, double energy, long samples, long production,
                                   double cost) {
        KpiTotals t = new KpiTotals(energy, energy * 4, samples, production, 0, cost, Map.of(), 5, A);
        var tariff = new io.wattline.domain.Tariff(UUID.randomUUID(), currency, 0.1, List.of(), 0);
        return new Comparison.Entry(UUID.nameUUIDFromBytes(name.getBytes()), name, type, currency,
                Kpis.compute(A, B, t, new MonthlyPeaks(java.time.ZoneOffset.UTC).add(t), new TouSchedule(tariff, java.time.ZoneOffset.UTC), currency, null));
    }

    @Test
    void energyAndCostRanksByEnergyAscending() {
        var r = Comparison.rank(List.of(priced("B", "USD", 200, 10, 5, 20), priced("A", "USD", 100, 10, 5, 30)),
                List.of(Comparison.Metric.ENERGY, Comparison.Metric.COST));
        assertEquals(Comparison.Metric.ENERGY, r.rankedBy());
        assertEquals("A", r.machines().get(0).entry().machineName());
        assertEquals(r.machines().get(0).entry().machineId(), r.bestPerformer());
        assertEquals(r.machines().get(1).entry().machineId(), r.worstPerformer());
    }

    @Test
    void secIsPreferredWhenEveryMachineProduces() {
        var r = Comparison.rank(List.of(priced("Big", "USD", 1000, 10, 1000, 1), priced("Small", "USD", 100, 10, 10, 1)),
                List.of(Comparison.Metric.ENERGY, Comparison.Metric.SEC));
        assertEquals(Comparison.Metric.SEC, r.rankedBy());
        assertEquals("Big", r.machines().get(0).entry().machineName()); // 1 kWh/unit beats 10 kWh/unit
    }

    /** kWh per unit of different products (a compressor's units and a moulding machine's parts) do not compare. */
    @Test
    void secRanksOnlyMachinesOfOneType() {
        var r = Comparison.rank(List.of(priced("Compressor", "compressor", "USD", 1000, 10, 1000, 1),
                priced("Molding", "injection_molding", "USD", 100, 10, 10, 1)), List.of(Comparison.Metric.ENERGY, Comparison.Metric.SEC));
        assertEquals(Comparison.Metric.ENERGY, r.rankedBy());
        assertEquals("Molding", r.machines().get(0).entry().machineName());
        // a machine of another type without readings in the period does not stop the others' ranking by SEC
        var idle = Comparison.rank(List.of(priced("Big", "USD", 1000, 10, 1000, 1), priced("Small", "USD", 100, 10, 10, 1),
                priced("Idle molding", "injection_molding", "USD", 0, 0, 0, 0)), List.of(Comparison.Metric.SEC));
        assertEquals(Comparison.Metric.SEC, idle.rankedBy());
    }

    @Test
    void secWithoutProductionFallsBackToEnergy() {
        var r = Comparison.rank(List.of(priced("P", "USD", 300, 10, 10, 1), priced("Q", "USD", 100, 10, 0, 1)),
                List.of(Comparison.Metric.SEC));
        assertEquals(Comparison.Metric.ENERGY, r.rankedBy());
        assertEquals("Q", r.machines().get(0).entry().machineName());
    }

    @Test
    void costInTwoCurrenciesIsNotRanked() {
        var r = Comparison.rank(List.of(priced("US", "USD", 300, 10, 10, 1), priced("EU", "EUR", 100, 10, 0, 50)),
                List.of(Comparison.Metric.COST));
        assertEquals(Comparison.Metric.ENERGY, r.rankedBy());
        assertEquals(java.util.Set.of("EUR", "USD"), r.currencies());
    }

    @Test
    void machinesWithoutReadingsComeLastAndTiesShareARank() {
        var r = Comparison.rank(List.of(priced("Idle", "USD", 0, 0, 0, 0), priced("X", "USD", 100, 10, 0, 1),
                priced("Y", "USD", 100, 10, 0, 1), priced("Z", "USD", 150, 10, 0, 1)), List.of(Comparison.Metric.ENERGY));
        assertEquals(List.of("X", "Y", "Z", "Idle"), r.machines().stream().map(m -> m.entry().machineName()).toList());
        assertEquals(List.of(1, 1, 3, 4), r.machines().stream().map(Comparison.Ranked::rank).toList());
        assertNull(r.machines().get(3).key());
        assertEquals(r.machines().get(2).entry().machineId(), r.worstPerformer());
    }

    @Test
    void withoutEnergyAnywhereNoMachineIsNamedBestOrWorst() {
        // production counts but no readings on one, nothing on the other: both named best and worst before
        var r = Comparison.rank(List.of(priced("Counted", "USD", 0, 0, 40, 0), priced("Idle", "USD", 0, 0, 0, 0)),
                List.of(Comparison.Metric.ENERGY));
        assertEquals(List.of(1, 1), r.machines().stream().map(Comparison.Ranked::rank).toList());
        assertNull(r.bestPerformer());
        assertNull(r.worstPerformer());
    }
}
