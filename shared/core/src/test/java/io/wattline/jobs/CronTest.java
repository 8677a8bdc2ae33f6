package io.wattline.jobs;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CronTest {
    /** Wednesday, as in the seed's scheduler/status example. */
    private static final Instant NOON = Instant.parse("2025-10-15T12:00:00Z");

    private static Instant next(String cron, String after) {
        return new Cron(cron).next(Instant.parse(after));
    }

    @Test
    void catalogueCronsFromTheSpec() {
        assertEquals(Instant.parse("2025-10-15T12:05:00Z"), new Cron("5 * * * *").next(NOON));
        assertEquals(Instant.parse("2025-10-16T00:30:00Z"), new Cron("30 0 * * *").next(NOON));
        assertEquals(Instant.parse("2025-10-19T02:00:00Z"), new Cron("0 2 * * 0").next(NOON), "next Sunday");
        assertEquals(Instant.parse("2025-10-15T12:15:00Z"), new Cron("15 * * * *").next(NOON));
    }

    @Test
    void nextIsStrictlyAfter() {
        assertEquals(Instant.parse("2025-10-15T13:05:00Z"), next("5 * * * *", "2025-10-15T12:05:00Z"));
        assertEquals(Instant.parse("2025-10-15T12:05:00Z"), next("5 * * * *", "2025-10-15T12:04:59.999Z"));
        assertEquals(Instant.parse("2025-10-26T02:00:00Z"), next("0 2 * * 0", "2025-10-19T02:00:00Z"));
        assertEquals(Instant.parse("2025-10-19T02:00:00Z"), next("0 2 * * 7", "2025-10-18T23:59:00Z"), "7 is Sunday too");
    }

    @Test
    void crossesDayMonthAndYearBoundaries() {
        assertEquals(Instant.parse("2025-11-01T00:30:00Z"), next("30 0 * * *", "2025-10-31T23:59:00Z"));
        assertEquals(Instant.parse("2026-01-01T00:05:00Z"), next("5 * * * *", "2025-12-31T23:30:00Z"));
        assertEquals(Instant.parse("2025-05-31T00:00:00Z"), next("0 0 31 * *", "2025-04-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-01-04T02:00:00Z"), next("0 2 * * 0", "2025-12-29T00:00:00Z"));
    }

    @Test
    void leapDay() {
        assertEquals(Instant.parse("2028-02-29T12:00:00Z"), next("0 12 29 2 *", "2025-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2024-02-29T12:00:00Z"), next("0 12 29 2 *", "2024-02-28T13:00:00Z"));
        assertEquals(Instant.parse("2028-03-01T00:30:00Z"), next("30 0 * * *", "2028-02-29T00:30:00Z"));
    }

    @Test
    void listsRangesAndSteps() {
        assertEquals(Instant.parse("2025-10-15T13:00:00Z"), next("*/20 * * * *", "2025-10-15T12:41:00Z"));
        assertEquals(Instant.parse("2025-10-15T12:50:00Z"), next("5,50 * * * *", "2025-10-15T12:06:00Z"));
        assertEquals(Instant.parse("2025-10-20T09:00:00Z"), next("0 9 * * 1-5", "2025-10-18T10:00:00Z"), "Saturday -> Monday");
        assertEquals(Instant.parse("2025-10-24T09:00:00Z"), next("0 9 * * 5-7", "2025-10-20T10:00:00Z"), "Fri-Sun");
        assertEquals(Instant.parse("2025-10-17T00:00:00Z"), next("0 0 13 * 5", "2025-10-14T00:00:00Z"),
                "day of month OR day of week, as in classic cron");
    }

    @Test
    void eventBridgeForm() {
        assertEquals("cron(30 0 * * ? *)", new Cron("30 0 * * *").toEventBridge());
        assertEquals("cron(0 2 ? * SUN *)", new Cron("0 2 * * 0").toEventBridge());
        assertEquals("cron(5 * * * ? *)", new Cron("5 * * * *").toEventBridge());
        assertEquals("cron(0 0 1 * ? *)", new Cron("0 0 1 * *").toEventBridge());
        assertEquals("cron(0 2 ? * SUN *)", new Cron("0 2 * * 7").toEventBridge());
    }

    @Test
    void eventBridgeDayOfWeekRangesUseNames() {
        // EventBridge numbers weekdays 1-7 from Sunday: cron's 1-5 (Mon-Fri) must not pass through as digits
        assertEquals("cron(0 9 ? * MON,TUE,WED,THU,FRI *)", new Cron("0 9 * * 1-5").toEventBridge());
        assertEquals("cron(0 9 ? * SUN,SAT *)", new Cron("0 9 * * 6,0").toEventBridge());
    }

    @Test
    void bothDayFieldsCannotBeExpressedInEventBridge() {
        assertThrows(IllegalArgumentException.class, () -> new Cron("0 0 13 * 5").toEventBridge());
    }

    @Test
    void describeAsApScheduler() {
        assertEquals("cron[month='*', day='*', day_of_week='*', hour='0', minute='30']", new Cron("30 0 * * *").describe());
        // a Sunday job: APScheduler numbers from Monday = 0, so it would describe Sunday as 6 (its 0 is a Monday)
        assertEquals("cron[month='*', day='*', day_of_week='6', hour='2', minute='0']", new Cron("0 2 * * 0").describe());
        assertEquals("cron[month='*', day='*', day_of_week='0-4', hour='2', minute='0']", new Cron("0 2 * * 1-5").describe());
        assertEquals("30 0 * * *", new Cron("  30 0 * * * ").expression());
    }

    @Test
    void invalidExpressionsThrow() {
        for (String bad : new String[]{"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *",
                "* * * 13 *", "* * * * 8", "*/0 * * * *", "a * * * *", "5-1 * * * *", "1,,2 * * * *", "? * * * *",
                "* * * * MON"}) {
            assertThrows(IllegalArgumentException.class, () -> new Cron(bad), bad);
        }
    }
}
