package io.wattline.analytics.kpi;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The highest 15-minute mean power in each calendar month (in the factory's local time) of a period: what a
 * utility's demand charge bills. The charge is monthly, on the month's peak, so a period is charged each month's
 * charge in proportion to the share of that month it covers: a whole month pays it whole, a week about a quarter of
 * it, a year twelve of them (charging a 3-day period the whole of a month's charge would make a week cost more
 * than its days added up).
 */
public final class MonthlyPeaks {
    /** One month's part of a period's demand charge. */
    public record Month(YearMonth month, double peakKw, double shareOfMonth, double ratePerKw, double charge) {}

    private final ZoneId zone;
    private final TreeMap<YearMonth, Double> peaks = new TreeMap<>();

    /** The factory's zone, whose calendar months these are. */
    public ZoneId zone() {
        return zone;
    }

    public MonthlyPeaks(ZoneId zone) {
        this.zone = zone;
    }

    /** Adds a span's peak (a day snapshot lies in one local day, a bucket in one quarter hour). */
    public MonthlyPeaks add(KpiTotals span) {
        if (span.peakAt() != null) peaks.merge(YearMonth.from(span.peakAt().atZone(zone)), span.peakKw(), Math::max);
        return this;
    }

    /** Each month's charge for {@code [start, end)} at its {@code ratePerKw}; negative peaks are billed as 0. */
    public List<Month> charges(Instant start, Instant end, ToDoubleFunction<YearMonth> ratePerKw) {
        List<Month> out = new ArrayList<>();
        peaks.forEach((m, kw) -> {
            Instant from = m.atDay(1).atStartOfDay(zone).toInstant();
            Instant to = m.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
            Instant a = start.isAfter(from) ? start : from, b = end.isBefore(to) ? end : to;
            double share = b.isAfter(a) ? (double) Duration.between(a, b).toMillis() / Duration.between(from, to).toMillis() : 0;
            double rate = ratePerKw.applyAsDouble(m);
            out.add(new Month(m, kw, share, rate, rate * Math.max(0, kw) * share));
        });
        return out;
    }
}
