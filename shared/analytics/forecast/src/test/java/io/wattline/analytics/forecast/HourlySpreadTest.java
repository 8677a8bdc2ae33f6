package io.wattline.analytics.forecast;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.*;

class HourlySpreadTest {
    static long at(int y, int mo, int d, int h, int mi, ZoneId z) {
        return ZonedDateTime.of(y, mo, d, h, mi, 0, 0, z).toEpochSecond();
    }

    @Test
    void anInstantFallsInItsLocalHourOnWeekdaysOrWeekendDays() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo"), berlin = ZoneId.of("Europe/Berlin");
        // Sunday 23:59 and Monday 00:00 in Tokyo (UTC+9: still Sunday / Sunday in UTC)
        assertEquals(23 + 48, HourlySpread.group(at(2026, 3, 8, 23, 59, tokyo), tokyo.getRules()));
        assertEquals(0, HourlySpread.group(at(2026, 3, 9, 0, 0, tokyo), tokyo.getRules()));
        // Friday 23:30 and Saturday 00:30 in Berlin (Saturdays apart from Sundays)
        assertEquals(23, HourlySpread.group(at(2026, 3, 6, 23, 30, berlin), berlin.getRules()));
        assertEquals(24, HourlySpread.group(at(2026, 3, 7, 0, 30, berlin), berlin.getRules()));
        // the spring change (Sunday 2026-03-29, 02:00 -> 03:00): 03:30 local is hour 3 of a weekend day
        assertEquals(3 + 48, HourlySpread.group(at(2026, 3, 29, 3, 30, berlin), berlin.getRules()));
        // the autumn change (Sunday 2026-10-25): both 02:30s are hour 2
        long first = at(2026, 10, 25, 2, 30, berlin);
        assertEquals(2 + 48, HourlySpread.group(first, berlin.getRules()));
        assertEquals(2 + 48, HourlySpread.group(first + 3600, berlin.getRules()));
        // before 1970
        assertEquals(12, HourlySpread.group(at(1969, 12, 31, 12, 0, ZoneId.of("UTC")), ZoneId.of("UTC").getRules()));
    }

    @Test
    void eachHoursMeanSquareIsShrunkTowardTheWhole() {
        ZoneId utc = ZoneId.of("UTC");
        long monday = at(2026, 3, 2, 0, 0, utc);
        // four Mondays at 00:00 err by 4, every other hour of those days by 1 (and a NaN, left out)
        int n = 4 * 7 * 24;
        long[] t = new long[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = monday + 3600L * i;
            boolean mondayMidnight = i % (7 * 24) == 0;
            e[i] = mondayMidnight ? 4 : 1;
        }
        e[5] = Double.NaN;
        double[] f = HourlySpread.factors(e, t, utc.getRules());
        int counted = n - 1;
        double meanSquare = (4 * 16 + (counted - 4)) / (double) counted;
        // hour 0 of weekdays: 4 Mondays at 16 and 16 other weekday midnights at 1
        double hour0 = Math.sqrt((4 * 16 + 16 + HourlySpread.PRIOR_POINTS * meanSquare) / (20 + HourlySpread.PRIOR_POINTS) / meanSquare);
        assertEquals(hour0, f[0], 1e-12);
        double saturday = Math.sqrt((4 + HourlySpread.PRIOR_POINTS * meanSquare) / (4 + HourlySpread.PRIOR_POINTS) / meanSquare);
        assertEquals(saturday, f[24 + 7], 1e-12);
        assertEquals(saturday, f[48 + 7], 1e-12);
        assertTrue(f[0] > 1 && f[31] < 1);
        // no error to go by: no factors, and one spread everywhere
        assertNull(HourlySpread.factors(new double[]{0, Double.NaN}, new long[]{0, 3600}, utc.getRules()));
        assertArrayEquals(new double[]{1, 1}, HourlySpread.at(null, new long[]{0, 3600}, utc));
        assertArrayEquals(new double[]{1}, HourlySpread.at(new double[48], new long[]{0}, utc)); // not this grouping's
    }
}
