package io.wattline.analytics.kpi;

import io.wattline.domain.Resolution;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a period {@code [from, to)} is read without touching raw points in bulk:
 * <pre>
 *  from        ceilQ(from)                                           floorQ(to)      to
 *   |-- head --|-- quarters --|== local day ==|== local day ==|-- quarters --|-- tail --|
 *    raw (&lt;15 min)  15-min roll-ups   day snapshots (or their quarters)   15-min   raw (&lt;15 min)
 * </pre>
 * The head and tail are the cut quarters at the edges (fewer than 15 raw points each at 1-minute
 * resolution); whole local days of the factory inside the aligned middle are answered by one daily
 * snapshot each when a valid one exists; every other part of the middle by 15-minute roll-ups. A year
 * therefore reads about 365 snapshots, two partial days of quarters and at most 30 raw points.
 *
 * @param head  the cut quarter at the start, or null when {@code from} is on a quarter hour
 * @param inner the quarter-aligned middle, or null when the period lies inside one or two cut quarters
 * @param days  the factory's local days that lie wholly inside {@code inner}, in order
 * @param tail  the cut quarter at the end, or null when {@code to} is on a quarter hour
 */
public record RangePlan(Instant from, Instant to, ZoneId zone, Span head, Span inner, List<LocalDate> days, Span tail) {
    private static final Duration QUARTER = Resolution.MIN15.length();

    /** A half-open span of time. */
    public record Span(Instant from, Instant to) {
        public Span {
            if (!from.isBefore(to)) throw new IllegalArgumentException("empty span " + from + " .. " + to);
        }
    }

    public static RangePlan of(Instant from, Instant to, ZoneId zone) {
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
        Instant a = ceilQuarter(from), b = Resolution.MIN15.bucketOf(to);
        if (!a.isBefore(b)) {
            // no whole quarter inside: at most a cut quarter on each side of one quarter boundary
            if (a.equals(b) && from.isBefore(a) && a.isBefore(to)) {
                return new RangePlan(from, to, zone, new Span(from, a), null, List.of(), new Span(a, to));
            }
            return new RangePlan(from, to, zone, new Span(from, to), null, List.of(), null);
        }
        Span head = from.isBefore(a) ? new Span(from, a) : null;
        Span tail = b.isBefore(to) ? new Span(b, to) : null;
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = a.atZone(zone).toLocalDate(); ; d = d.plusDays(1)) {
            Instant start = dayStart(d, zone), end = dayStart(d.plusDays(1), zone);
            if (end.isAfter(b)) break;
            if (!start.isBefore(a) && onQuarter(start) && onQuarter(end)) days.add(d);
        }
        return new RangePlan(from, to, zone, head, new Span(a, b), List.copyOf(days), tail);
    }

    /** The spans of {@code inner} that the given days (those with a usable snapshot) do not cover, merged. */
    public List<Span> quarterSpans(Collection<LocalDate> covered) {
        if (inner == null) return List.of();
        Set<LocalDate> have = new HashSet<>(covered);
        List<Span> out = new ArrayList<>();
        Instant cursor = inner.from();
        for (LocalDate d : days) {
            if (!have.contains(d)) continue;
            Instant start = dayStart(d, zone);
            if (cursor.isBefore(start)) out.add(new Span(cursor, start));
            cursor = dayStart(d.plusDays(1), zone);
        }
        if (cursor.isBefore(inner.to())) out.add(new Span(cursor, inner.to()));
        return out;
    }

    /** Local midnight (or the first instant of the day where midnight is skipped by a DST change). */
    public static Instant dayStart(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The local day as a span of instants (23, 24 or 25 hours). */
    public static Span daySpan(LocalDate day, ZoneId zone) {
        return new Span(dayStart(day, zone), dayStart(day.plusDays(1), zone));
    }

    /** Whether the local day's bounds fall on UTC quarter hours (true for every current zone). */
    public static boolean dayOnQuarters(LocalDate day, ZoneId zone) {
        return onQuarter(dayStart(day, zone)) && onQuarter(dayStart(day.plusDays(1), zone));
    }

    public static Instant ceilQuarter(Instant t) {
        Instant f = Resolution.MIN15.bucketOf(t);
        return f.equals(t) ? t : f.plus(QUARTER);
    }

    static boolean onQuarter(Instant t) {
        return Resolution.MIN15.bucketOf(t).equals(t);
    }
}
