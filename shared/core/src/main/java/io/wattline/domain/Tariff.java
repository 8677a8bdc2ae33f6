package io.wattline.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A factory's energy tariff: a base rate, time-of-use windows in the factory's local time that
 * override it, and an optional demand charge per kW of peak demand.
 */
public record Tariff(UUID factoryId, String currency, double baseRate, List<Window> windows,
                     double demandChargePerKw) {

    /** A rate in force on the given local weekdays between {@code start} (inclusive) and {@code end} (exclusive). */
    public record Window(String name, Set<DayOfWeek> days, LocalTime start, LocalTime end, double rate) {}
}
