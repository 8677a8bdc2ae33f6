package io.wattline.local;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/** The public holidays the demo plant's factories close on: California (US federal days a plant keeps) and Bavaria. */
final class Holidays {
    private Holidays() {}

    /** The holiday's name when the factories of {@code country} ("US" or "DE") close on the date, else null. */
    static String of(String country, LocalDate d) {
        return country.equals("US") ? us(d) : bavaria(d);
    }

    private static String us(LocalDate d) {
        int y = d.getYear();
        if (d.equals(LocalDate.of(y, 1, 1))) return "New Year's Day";
        if (d.equals(LocalDate.of(y, 5, 31).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))) return "Memorial Day";
        if (d.equals(LocalDate.of(y, 7, 4))) return "Independence Day";
        if (d.equals(LocalDate.of(y, 9, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)))) return "Labor Day";
        LocalDate thanksgiving = LocalDate.of(y, 11, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY));
        if (d.equals(thanksgiving)) return "Thanksgiving";
        if (d.equals(thanksgiving.plusDays(1))) return "Day after Thanksgiving";
        if (d.equals(LocalDate.of(y, 12, 24))) return "Christmas Eve";
        if (d.equals(LocalDate.of(y, 12, 25))) return "Christmas Day";
        if (d.getMonth() == Month.DECEMBER && d.getDayOfMonth() == 31) return "New Year's Eve";
        return null;
    }

    private static String bavaria(LocalDate d) {
        int y = d.getYear();
        LocalDate easter = easterSunday(y);
        if (d.equals(LocalDate.of(y, 1, 1))) return "Neujahr";
        if (d.equals(LocalDate.of(y, 1, 6))) return "Heilige Drei Könige";
        if (d.equals(easter.minusDays(2))) return "Karfreitag";
        if (d.equals(easter.plusDays(1))) return "Ostermontag";
        if (d.equals(LocalDate.of(y, 5, 1))) return "Tag der Arbeit";
        if (d.equals(easter.plusDays(39))) return "Christi Himmelfahrt";
        if (d.equals(easter.plusDays(50))) return "Pfingstmontag";
        if (d.equals(easter.plusDays(60))) return "Fronleichnam";
        if (d.equals(LocalDate.of(y, 8, 15))) return "Mariä Himmelfahrt";
        if (d.equals(LocalDate.of(y, 10, 3))) return "Tag der Deutschen Einheit";
        if (d.equals(LocalDate.of(y, 11, 1))) return "Allerheiligen";
        if (d.equals(LocalDate.of(y, 12, 24))) return "Heiligabend (plant closed)";
        if (d.equals(LocalDate.of(y, 12, 25))) return "1. Weihnachtstag";
        if (d.equals(LocalDate.of(y, 12, 26))) return "2. Weihnachtstag";
        if (d.equals(LocalDate.of(y, 12, 31))) return "Silvester (plant closed)";
        return null;
    }

    /** Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int y) {
        int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(y, month, day);
    }
}
