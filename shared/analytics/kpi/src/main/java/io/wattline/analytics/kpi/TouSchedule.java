package io.wattline.analytics.kpi;

import io.wattline.domain.Tariff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A tariff placed in its factory's time zone: the rate in force at an instant is looked up in the
 * factory's <em>local</em> wall-clock time, so a 09:00 window starts at 09:00 local on both sides
 * of a daylight-saving change (in Los Angeles 17:00 UTC in winter, 16:00 UTC in summer).
 *
 * <p>Rules: the first window (in the tariff's order) whose weekday set holds the local weekday of the
 * instant and whose {@code [start, end)} holds the local time wins; otherwise the base rate applies
 * (band {@value #BASE_BAND}). A window whose end is not after its start runs over midnight
 * ({@code 22:00-06:00}); an end of {@code 00:00} means midnight at the end of the day. The weekday is
 * the local weekday of the instant itself, also for the after-midnight part of an overnight window.
 */
public final class TouSchedule {
    /** The band name of energy billed at the tariff's base rate. */
    public static final String BASE_BAND = "base";
    private static final long QUARTER_SECONDS = 15 * 60;

    private final Tariff tariff;
    private final ZoneId zone;

    public TouSchedule(Tariff tariff, ZoneId zone) {
        this.tariff = Objects.requireNonNull(tariff, "tariff");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public Tariff tariff() { return tariff; }
    public ZoneId zone() { return zone; }
    public String currency() { return tariff.currency(); }

    /** The window in force at {@code t}, or null for the base rate. */
    public Tariff.Window windowAt(Instant t) {
        if (tariff.windows() == null || tariff.windows().isEmpty()) return null;
        ZonedDateTime local = t.atZone(zone);
        LocalTime time = local.toLocalTime();
        for (Tariff.Window w : tariff.windows()) {
            if (!w.days().contains(local.getDayOfWeek())) continue;
            boolean inside = w.start().isBefore(w.end())
                    ? !time.isBefore(w.start()) && time.isBefore(w.end())
                    : !time.isBefore(w.start()) || time.isBefore(w.end());
            if (inside) return w;
        }
        return null;
    }

    public double rateAt(Instant t) {
        Tariff.Window w = windowAt(t);
        return w == null ? tariff.baseRate() : w.rate();
    }

    public String bandAt(Instant t) {
        Tariff.Window w = windowAt(t);
        return w == null ? BASE_BAND : w.name();
    }

    /**
     * Whether every window boundary falls on a local quarter hour. Only then is the rate constant over
     * each 15-minute roll-up (for zones whose offsets are whole quarter hours, which all current ones
     * are), so that cost from 15-minute roll-ups equals cost from the raw readings.
     */
    public boolean quarterAligned() {
        if (tariff.windows() == null) return true;
        for (Tariff.Window w : tariff.windows()) {
            if (w.start().toSecondOfDay() % QUARTER_SECONDS != 0 || w.end().toSecondOfDay() % QUARTER_SECONDS != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Identifies what a stored day's energy cost depends on (zone, currency, base rate, windows; not the
     * demand charge, which is applied per query). A snapshot whose fingerprint differs from the current
     * tariff's is recomputed from roll-ups instead of trusted.
     */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder();
        sb.append(zone.getId()).append('|').append(tariff.currency()).append('|').append(tariff.baseRate());
        if (tariff.windows() != null) {
            for (Tariff.Window w : tariff.windows()) {
                sb.append('|').append(w.name()).append(',').append(w.start()).append(',').append(w.end()).append(',')
                        .append(w.rate()).append(',');
                w.days().stream().sorted().forEach(d -> sb.append(d.getValue()));
            }
        }
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

    /** Lists the windows, for messages. */
    public List<Tariff.Window> windows() {
        return tariff.windows() == null ? List.of() : tariff.windows();
    }
}
