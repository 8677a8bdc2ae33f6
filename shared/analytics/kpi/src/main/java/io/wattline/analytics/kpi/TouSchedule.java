package io.wattline.analytics.kpi;

import io.wattline.domain.Tariff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A factory's tariffs placed in its time zone: the rate in force at an instant is looked up in the
 * factory's <em>local</em> wall-clock time, so a 09:00 window starts at 09:00 local on both sides
 * of a daylight-saving change (in Los Angeles 17:00 UTC in winter, 16:00 UTC in summer).
 *
 * <p>Rules: the tariff in force is the last one whose {@link Tariff#effectiveFrom} is on or before the
 * instant's local day (the earliest also prices the days before it: history older than every tariff
 * is not left unpriced); in it, the first window (in the tariff's order) whose weekday set holds the
 * local weekday of the instant and whose {@code [start, end)} holds the local time wins; otherwise the
 * base rate applies (band {@value #BASE_BAND}). A window whose end is not after its start runs over
 * midnight ({@code 22:00-06:00}); an end of {@code 00:00} means midnight at the end of the day. The
 * weekday is the local weekday of the instant itself, also for the after-midnight part of an overnight
 * window.
 */
public final class TouSchedule {
    /** The band name of energy billed at the tariff's base rate. */
    public static final String BASE_BAND = "base";

    private final List<Tariff> tariffs;
    private final ZoneId zone;

    public TouSchedule(Tariff tariff, ZoneId zone) {
        this(List.of(Objects.requireNonNull(tariff, "tariff")), zone);
    }

    /** {@code tariffs}: a factory's, at least one, in any order. */
    public TouSchedule(List<Tariff> tariffs, ZoneId zone) {
        if (tariffs.isEmpty()) throw new IllegalArgumentException("no tariff");
        List<Tariff> sorted = new ArrayList<>(tariffs);
        sorted.sort(Tariff.BY_EFFECTIVE_FROM);
        this.tariffs = List.copyOf(sorted);
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The schedule of a factory's tariffs, or null when it has none. */
    public static TouSchedule of(List<Tariff> tariffs, ZoneId zone) {
        return tariffs.isEmpty() ? null : new TouSchedule(tariffs, zone);
    }

    public ZoneId zone() { return zone; }

    /** The currency of the latest tariff (a factory's tariffs share one: the catalogue import checks it). */
    public String currency() { return tariffs.getLast().currency(); }

    /** The tariff in force on a local day. */
    public Tariff tariffOn(LocalDate day) {
        Tariff inForce = tariffs.getFirst();
        for (Tariff t : tariffs) {
            if (t.effectiveFrom() == null || !t.effectiveFrom().isAfter(day)) inForce = t;
            else break;
        }
        return inForce;
    }

    /** The tariff in force at an instant (on its local day). */
    public Tariff tariffAt(Instant t) {
        return tariffs.size() == 1 ? tariffs.getFirst() : tariffOn(LocalDate.ofInstant(t, zone));
    }

    /** A rate in force and the band it belongs to (a window's name, or {@value #BASE_BAND}). */
    public record Rate(String band, double rate) {}

    /** The rate in force at {@code t}: one look-up of the local time, the tariff of its day and its window. */
    public Rate at(Instant t) {
        ZonedDateTime local = t.atZone(zone);
        Tariff tariff = tariffs.size() == 1 ? tariffs.getFirst() : tariffOn(local.toLocalDate());
        Tariff.Window w = windowOf(tariff, local);
        return w == null ? new Rate(BASE_BAND, tariff.baseRate()) : new Rate(w.name(), w.rate());
    }

    private static Tariff.Window windowOf(Tariff tariff, ZonedDateTime local) {
        if (tariff.windows() == null || tariff.windows().isEmpty()) return null;
        LocalTime time = local.toLocalTime();
        java.time.DayOfWeek day = tariff.billedAs(local.toLocalDate());
        for (Tariff.Window w : tariff.windows()) {
            if (!w.days().contains(day)) continue;
            boolean inside = w.start().isBefore(w.end())
                    ? !time.isBefore(w.start()) && time.isBefore(w.end())
                    : !time.isBefore(w.start()) || time.isBefore(w.end());
            if (inside) return w;
        }
        return null;
    }

    /**
     * The rate of the hour from {@code t} for energy drawn evenly over it, as the KPIs bill it (by quarter hour): the
     * mean of its quarters' rates, under the band most of them fall in (the earlier on a tie: a window from 05:30
     * leaves 05:00-06:00 in the base band at the mean of base and window).
     */
    public Rate hourFrom(Instant t) {
        double sum = 0;
        java.util.Map<String, Integer> quarters = new java.util.LinkedHashMap<>();
        for (int q = 0; q < 4; q++) {
            Rate r = at(t.plusSeconds(900L * q));
            sum += r.rate();
            quarters.merge(r.band(), 1, Integer::sum);
        }
        String band = quarters.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        return new Rate(band, sum / 4);
    }

    public double rateAt(Instant t) {
        return at(t).rate();
    }

    public String bandAt(Instant t) {
        return at(t).band();
    }

    /**
     * Identifies what a stored day's energy cost depends on (zone, and the currency, base rate and windows of
     * the tariff in force that day; not the demand charge, which is applied per query). A snapshot whose
     * fingerprint differs from its day's under the current tariffs is recomputed from roll-ups instead of trusted.
     */
    public String fingerprint(LocalDate day) {
        Tariff tariff = tariffOn(day);
        StringBuilder sb = new StringBuilder();
        sb.append(zone.getId()).append('|').append(tariff.currency()).append('|').append(tariff.baseRate());
        if (tariff.windows() != null) {
            for (Tariff.Window w : tariff.windows()) {
                sb.append('|').append(w.name()).append(',').append(w.start()).append(',').append(w.end()).append(',')
                        .append(w.rate()).append(',');
                w.days().stream().sorted().forEach(d -> sb.append(d.getValue()));
            }
        }
        // a day made a holiday since its snapshot was priced is priced again (other days keep their fingerprints)
        if (tariff.holidays().contains(day)) sb.append("|holiday");
        return sha256(sb.toString()).substring(0, 16);
    }

    /** The fingerprint of "no tariff" in a zone. */
    public static String noTariffFingerprint(ZoneId zone) {
        return sha256(zone.getId() + "|none").substring(0, 16);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
