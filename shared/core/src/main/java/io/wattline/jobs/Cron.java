package io.wattline.jobs;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression in UTC ({@code minute hour day-of-month month day-of-week}, Sunday = 0),
 * as the job catalogue writes it. It computes next runs for the local scheduler and {@code scheduler/status},
 * and translates itself to EventBridge's six-field form for the CDK stack.
 */
public final class Cron {
    private static final String[] DOW_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final String expression;
    private final String[] fields;
    private final BitSet minutes, hours, days, months, weekdays;

    public Cron(String expression) {
        this.expression = expression.strip();
        this.fields = this.expression.split("\\s+");
        if (fields.length != 5) throw new IllegalArgumentException("cron needs 5 fields: " + expression);
        minutes = parse(fields[0], 0, 59);
        hours = parse(fields[1], 0, 23);
        days = parse(fields[2], 1, 31);
        months = parse(fields[3], 1, 12);
        weekdays = parse(fields[4], 0, 7); // 0 and 7 are both Sunday
        if (weekdays.get(7)) {
            weekdays.clear(7);
            weekdays.set(0);
        }
    }

    public String expression() { return expression; }

    private static BitSet parse(String field, int min, int max) {
        BitSet set = new BitSet();
        for (String part : field.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                range = part.substring(0, slash);
                if (step < 1) throw new IllegalArgumentException("bad step in " + field);
            }
            int lo, hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                lo = Integer.parseInt(range.substring(0, range.indexOf('-')));
                hi = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            } else {
                lo = Integer.parseInt(range);
                hi = slash >= 0 ? max : lo;
            }
            if (lo < min || hi > max || lo > hi) throw new IllegalArgumentException("out of range: " + field);
            for (int v = lo; v <= hi; v += step) set.set(v);
        }
        return set;
    }

    /** The first run strictly after {@code after}. */
    public Instant next(Instant after) {
        ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).withHour(0).withMinute(0).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.withHour(0).withMinute(0).plusDays(1);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.withMinute(0).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return t.toInstant();
        }
        throw new IllegalStateException("cron never fires: " + expression);
    }

    private boolean dayMatches(ZonedDateTime t) {
        int dow = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue();
        boolean domAny = fields[2].equals("*"), dowAny = fields[4].equals("*");
        boolean dom = days.get(t.getDayOfMonth()), wd = weekdays.get(dow);
        if (domAny && dowAny) return true;
        if (domAny) return wd;
        if (dowAny) return dom;
        return dom || wd; // classic cron: either restriction matches
    }

    /** EventBridge's {@code cron(min hour dom month dow year)}, which wants '?' in one day field. */
    public String toEventBridge() {
        String dom = fields[2], dow = fields[4];
        if (dow.equals("*")) {
            dow = "?";
        } else if (!dom.equals("*")) {
            throw new IllegalArgumentException("EventBridge cannot restrict both day of month and day of week: " + expression);
        } else {
            dom = "?";
            // EventBridge numbers weekdays 1-7 from Sunday, so digits would shift by one: spell the days out
            StringBuilder named = new StringBuilder();
            for (int d = weekdays.nextSetBit(0); d >= 0; d = weekdays.nextSetBit(d + 1)) {
                if (named.length() > 0) named.append(',');
                named.append(DOW_NAMES[d]);
            }
            dow = named.toString();
        }
        return "cron(" + fields[0] + " " + fields[1] + " " + dom + " " + fields[3] + " " + dow + " *)";
    }

    /**
     * APScheduler's description, as the seed's {@code trigger} field shows it. APScheduler numbers the days of the
     * week from Monday = 0 (cron from Sunday = 0): a Sunday job reads {@code day_of_week='6'}, as APScheduler would
     * describe it (its '0' is a Monday, the next run the seed shows beside it).
     */
    public String describe() {
        return "cron[month='" + fields[3] + "', day='" + fields[2] + "', day_of_week='" + apschedulerDays(fields[4])
                + "', hour='" + fields[1] + "', minute='" + fields[0] + "']";
    }

    /** Cron's day numbers (Sunday 0 or 7) as APScheduler's (Monday 0 .. Sunday 6); '*' and names as they are. */
    static String apschedulerDays(String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(field);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Integer.toString((Integer.parseInt(m.group()) + 6) % 7));
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public String toString() { return expression; }
}
