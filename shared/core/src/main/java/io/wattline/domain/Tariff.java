package io.wattline.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A factory's energy tariff: a base rate, time-of-use windows in the factory's local time that
 * override it, and an optional demand charge per kW of peak demand.
 *
 * <p>A factory may have several, each in force from its {@code effectiveFrom} (a local day in the
 * factory's zone) until the next one's: a new tariff prices the days from its date, and history keeps
 * the price it had. {@code effectiveFrom} null: in force from the beginning (until a dated one).
 */
public record Tariff(UUID factoryId, String currency, double baseRate, List<Window> windows,
                     double demandChargePerKw, LocalDate effectiveFrom, Set<LocalDate> holidays) {

    /** Orders a factory's tariffs by the day they take effect, the undated one first. */
    public static final Comparator<Tariff> BY_EFFECTIVE_FROM =
            Comparator.comparing(Tariff::effectiveFrom, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** {@code holidays}: local days the tariff bills as a Sunday (most time-of-use tariffs bill public holidays off-peak). */
    public Tariff {
        holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
    }

    /** A tariff in force from the beginning. */
    public Tariff(UUID factoryId, String currency, double baseRate, List<Window> windows, double demandChargePerKw) {
        this(factoryId, currency, baseRate, windows, demandChargePerKw, null);
    }

    /** A tariff without holidays. */
    public Tariff(UUID factoryId, String currency, double baseRate, List<Window> windows, double demandChargePerKw,
                  LocalDate effectiveFrom) {
        this(factoryId, currency, baseRate, windows, demandChargePerKw, effectiveFrom, Set.of());
    }

    /** The weekday whose windows apply on a local day: Sunday's on a holiday. */
    public DayOfWeek billedAs(LocalDate day) {
        return holidays.contains(day) ? DayOfWeek.SUNDAY : day.getDayOfWeek();
    }

    /** A rate in force on the given local weekdays between {@code start} (inclusive) and {@code end} (exclusive). */
    public record Window(String name, Set<DayOfWeek> days, LocalTime start, LocalTime end, double rate) {}
}
