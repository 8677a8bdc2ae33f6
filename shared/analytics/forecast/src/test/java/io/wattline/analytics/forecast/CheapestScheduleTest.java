package io.wattline.analytics.forecast;

import io.wattline.analytics.kpi.TouSchedule;
import io.wattline.domain.Tariff;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

class CheapestScheduleTest {

    /** Every subset of the day: the cheapest that meets the target within the runtime. */
    static double bruteForce(List<CheapestSchedule.Hour> day, double target, double perHour, int maxRuntime,
                             double charge, double monthPeak) {
        double best = Double.POSITIVE_INFINITY;
        int n = day.size();
        for (int mask = 0; mask < (1 << n); mask++) {
            int count = Integer.bitCount(mask);
            if (count > maxRuntime || count * perHour < target - 1e-9) continue;
            boolean[] op = new boolean[n];
            for (int i = 0; i < n; i++) op[i] = (mask >> i & 1) == 1;
            best = Math.min(best, CheapestSchedule.evaluate(day, op, charge, monthPeak).cost());
        }
        return best;
    }

    @Test
    void matchesBruteForceOnSmallDays() {
        Random r = new Random(42);
        for (int run = 0; run < 300; run++) {
            int n = 4 + r.nextInt(9);
            List<CheapestSchedule.Hour> day = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // some negative prices too: running an extra hour can then pay
                double rate = r.nextInt(10) == 0 ? -0.05 : 0.05 + 0.3 * r.nextDouble();
                // the demand an hour sets (its highest quarter hour) up to a third above its mean, not in its order
                double kw = 20 + 60 * r.nextDouble();
                day.add(new CheapestSchedule.Hour(kw, 1, rate, kw * (1 + r.nextDouble() / 3)));
            }
            double perHour = 10 + r.nextInt(20);
            int maxRuntime = 1 + r.nextInt(n);
            double target = perHour * r.nextInt(maxRuntime + 1) - r.nextInt(5);
            double charge = r.nextBoolean() ? 0 : 5 + 10 * r.nextDouble();
            double monthPeak = 40 * r.nextDouble();
            CheapestSchedule.Plan plan = CheapestSchedule.solve(day, target, perHour, maxRuntime, charge, monthPeak);
            assertEquals(bruteForce(day, target, perHour, maxRuntime, charge, monthPeak), plan.cost(), 1e-9, "run " + run);
            assertTrue(plan.hoursRun() * perHour >= target - 1e-9 && plan.hoursRun() <= maxRuntime);
        }
    }

    /**
     * Among plans of equal cost the one whose hours rank first: brute force over every subset of small days whose
     * hours often cost the same (a flat tariff, equal powers), against the programme's cost and rank sum.
     */
    @Test
    void amongEquallyCheapPlansTheUsualHoursWin() {
        Random r = new Random(7);
        for (int run = 0; run < 300; run++) {
            int n = 4 + r.nextInt(8);
            List<CheapestSchedule.Hour> day = new ArrayList<>();
            for (int i = 0; i < n; i++) day.add(new CheapestSchedule.Hour(20 + 10 * r.nextInt(3), 1, 0.1 * (1 + r.nextInt(2))));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) order.add(i);
            java.util.Collections.shuffle(order, r);
            int[] rank = new int[n];
            for (int k = 0; k < n; k++) rank[order.get(k)] = k;
            double perHour = 10;
            int maxRuntime = 1 + r.nextInt(n);
            double target = perHour * (1 + r.nextInt(maxRuntime));
            double charge = r.nextBoolean() ? 0 : 5, monthPeak = 25;
            double bestCost = bruteForce(day, target, perHour, maxRuntime, charge, monthPeak);
            long bestRank = Long.MAX_VALUE;
            for (int mask = 0; mask < (1 << n); mask++) {
                int count = Integer.bitCount(mask);
                if (count > maxRuntime || count * perHour < target - 1e-9) continue;
                boolean[] op = new boolean[n];
                long sum = 0;
                for (int i = 0; i < n; i++) {
                    op[i] = (mask >> i & 1) == 1;
                    if (op[i]) sum += rank[i];
                }
                if (Math.abs(CheapestSchedule.evaluate(day, op, charge, monthPeak).cost() - bestCost) < 1e-9) bestRank = Math.min(bestRank, sum);
            }
            CheapestSchedule.Plan plan = CheapestSchedule.solve(day, target, perHour, maxRuntime, charge, monthPeak, rank);
            long planRank = 0;
            for (int i = 0; i < n; i++) if (plan.operate()[i]) planRank += rank[i];
            assertEquals(bestCost, plan.cost(), 1e-9, "run " + run);
            assertEquals(bestRank, planRank, "run " + run);
        }
        // a flat tariff: every hour costs the same, and the usual ones (ranked first) are run, not the night's
        List<CheapestSchedule.Hour> flat = new ArrayList<>();
        for (int i = 0; i < 24; i++) flat.add(new CheapestSchedule.Hour(40, 1, 0.2));
        int[] usual = new int[24];
        for (int i = 0; i < 24; i++) usual[i] = (i - 7 + 24) % 24; // 07:00 ranked first, then 08:00, ...
        CheapestSchedule.Plan plan = CheapestSchedule.solve(flat, 30, 10, 24, 0, 0, usual);
        for (int i = 0; i < 24; i++) assertEquals(i >= 7 && i < 10, plan.operate()[i], "hour " + i);
    }

    @Test
    void infeasibleTargetSaysWhatIsReachable() {
        List<CheapestSchedule.Hour> day = List.of(new CheapestSchedule.Hour(10, 1, 0.1), new CheapestSchedule.Hour(10, 1, 0.2));
        CheapestSchedule.Infeasible e = assertThrows(CheapestSchedule.Infeasible.class,
                () -> CheapestSchedule.solve(day, 100, 30, 5, 0, 0));
        assertEquals(60, e.reachable, 1e-9);
        assertEquals(4, e.hoursNeeded);
    }

    @Test
    void demandChargeSpreadsTheLoadBelowTheMonthsPeak() {
        // the cheap hour draws more than the month's peak; its saving is smaller than the demand charge it triggers
        List<CheapestSchedule.Hour> day = List.of(new CheapestSchedule.Hour(100, 1, 0.10),
                new CheapestSchedule.Hour(50, 1, 0.20), new CheapestSchedule.Hour(50, 1, 0.25));
        CheapestSchedule.Plan p = CheapestSchedule.solve(day, 10, 10, 3, 10, 60);
        assertArrayEquals(new boolean[]{false, true, false}, p.operate());
        assertEquals(0, p.demandCharge(), 1e-12);
    }

    @Test
    void onLordHoweIslandTheHoursAfterTheClockMovesStartOnTheHour() {
        ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
        // 2026-10-04: 02:00 +10:30 becomes 02:30 +11:00; the hour from 02:00 is 02:30-03:00 on the clock
        List<String> clock = CheapestSchedule.hourStarts(LocalDate.of(2026, 10, 4), lordHowe).stream()
                .map(t -> t.atZone(lordHowe).toLocalTime().toString()).toList();
        List<String> expected = new java.util.ArrayList<>(List.of("00:00", "01:00", "02:30"));
        for (int h = 3; h < 24; h++) expected.add(String.format(java.util.Locale.ROOT, "%02d:00", h));
        assertEquals(expected, clock, "was 03:30 ... 23:30, stepped 3,600 s from midnight");
        // 2026-04-05: 02:00 +11:00 goes back to 01:30 +10:30; the hour from 01:00 lasts 90 minutes, then 02:00 ...
        List<Instant> back = CheapestSchedule.hourStarts(LocalDate.of(2026, 4, 5), lordHowe);
        assertEquals(24, back.size());
        assertEquals(Instant.parse("2026-04-04T15:30:00Z"), back.get(2), "02:00 +10:30");
        assertEquals(java.time.Duration.ofMinutes(90), java.time.Duration.between(back.get(1), back.get(2)));
    }

    @Test
    void peakWindowsStayInLocalTimeAcrossDstDays() {
        ZoneId la = ZoneId.of("America/Los_Angeles");
        Tariff tariff = new Tariff(UUID.randomUUID(), "USD", 0.10, List.of(new Tariff.Window("peak",
                EnumSet.allOf(DayOfWeek.class), LocalTime.of(16, 0), LocalTime.of(21, 0), 0.40)), 0);
        TouSchedule tou = new TouSchedule(tariff, la);
        for (LocalDate date : List.of(LocalDate.of(2026, 3, 8), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 6, 1))) {
            List<Instant> starts = CheapestSchedule.hourStarts(date, la);
            int expected = date.getMonthValue() == 3 ? 23 : date.getMonthValue() == 11 ? 25 : 24;
            assertEquals(expected, starts.size(), date.toString());
            List<CheapestSchedule.Hour> day = starts.stream().map(t -> new CheapestSchedule.Hour(50, 1, tou.rateAt(t))).toList();
            // 20 hours: every off-peak hour of the day plus the rest from the peak band
            int offPeak = (int) starts.stream().filter(t -> tou.rateAt(t) < 0.2).count();
            assertEquals(expected - 5, offPeak, date.toString());
            CheapestSchedule.Plan p = CheapestSchedule.solve(day, offPeak * 10.0, 10, 24, 0, 0);
            for (int i = 0; i < starts.size(); i++) {
                int localHour = starts.get(i).atZone(la).getHour();
                assertEquals(localHour < 16 || localHour >= 21, p.operate()[i], date + " local hour " + localHour);
            }
        }
    }
}
