package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattline.domain.Machine;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo plant's generator: deterministic per seed, and weeks that differ as a real plant's do. */
class DemoPlantTest {
    static final Instant ANCHOR = Instant.parse("2026-11-30T12:00:00Z");

    /** Hourly energy of one machine over {@code hours} hours from {@code from}. */
    static double[] hourlyEnergy(DemoPlant plant, Machine m, Instant from, int hours) {
        double[] out = new double[hours];
        for (Reading r : plant.generate(m, from, from.plus(Duration.ofHours(hours))).readings()) {
            out[(int) (Duration.between(from, r.timestamp()).toHours())] += r.energyKwh();
        }
        return out;
    }

    /** MAPE of "the same hour last week" as the forecast of each hour of the last week. */
    static double seasonalNaiveMape(double[] hourly) {
        double sum = 0;
        int n = 0;
        for (int h = hourly.length - 168; h < hourly.length; h++) {
            if (hourly[h] <= 0) continue;
            sum += Math.abs(hourly[h] - hourly[h - 168]) / hourly[h];
            n++;
        }
        return 100 * sum / n;
    }

    @Test
    void noMachinesWeekIsACopyOfTheWeekBefore() {
        // eight weeks before the planted incidents (they sit within 20 days of the anchor), each judged by the one before
        DemoPlant plant = new DemoPlant(42, ANCHOR);
        Instant from = Instant.parse("2026-08-31T00:00:00Z");
        StringBuilder report = new StringBuilder();
        for (Machine m : DemoPlant.MACHINES) {
            double[] hourly = hourlyEnergy(plant, m, from, 8 * 168);
            double worst = Double.MAX_VALUE, sum = 0;
            for (int w = 2; w <= 8; w++) {
                double mape = seasonalNaiveMape(java.util.Arrays.copyOfRange(hourly, (w - 2) * 168, w * 168));
                worst = Math.min(worst, mape);
                sum += mape;
            }
            report.append(String.format("%s: mean %.1f %%, lowest %.1f %%%n", m.name(), sum / 7, worst));
            // the generator that copied its weeks gave 0.5-0.8 % for five of the eight machines
            assertTrue(worst > 3, m.name() + ": same hour last week is off by only " + worst + " %\n" + report);
        }
        System.out.println(report);
    }

    @Test
    void sameSeedSameDataOtherSeedOtherWeeks() {
        Machine conveyor = DemoPlant.MACHINES.get(2);
        Instant from = Instant.parse("2026-10-05T00:00:00Z");
        assertEquals(new DemoPlant(42, ANCHOR).generate(conveyor, from, from.plus(Duration.ofDays(7))),
                new DemoPlant(42, ANCHOR).generate(conveyor, from, from.plus(Duration.ofDays(7))));
        assertNotEquals(List.of(hourlyEnergy(new DemoPlant(42, ANCHOR), conveyor, from, 168)).toString(),
                List.of(hourlyEnergy(new DemoPlant(7, ANCHOR), conveyor, from, 168)).toString());
    }

    @Test
    void holidaysCloseTheFactoryOfTheirCountry() {
        DemoPlant plant = new DemoPlant(42, ANCHOR);
        assertEquals("Thanksgiving", plant.workDay(DemoPlant.DEMO_FACTORY, LocalDate.of(2026, 11, 26)).reason());
        assertEquals(-1, plant.workDay(DemoPlant.DEMO_FACTORY, LocalDate.of(2026, 11, 26)).start());
        assertEquals(LocalDate.of(2026, 4, 5), Holidays.easterSunday(2026));
        assertEquals("Ostermontag", plant.workDay(DemoPlant.EU_FACTORY, LocalDate.of(2026, 4, 6)).reason());
        assertNull(Holidays.of("US", LocalDate.of(2026, 4, 6)));
        // a whole closed day makes no production on the conveyor (Thanksgiving in Los Angeles)
        Machine conveyor = DemoPlant.MACHINES.get(2);
        Instant day = Instant.parse("2026-11-26T08:00:00Z");
        for (int h = 0; h < 24; h++) assertEquals(0, plant.production(conveyor, day.plus(Duration.ofHours(h))).productionCount());
    }

    @Test
    void productionIsStampedAtTheStartOfTheHourItCounts() {
        DemoPlant plant = new DemoPlant(42, ANCHOR);
        Machine conveyor = DemoPlant.MACHINES.get(2);
        Instant from = Instant.parse("2026-10-06T16:00:00Z"); // 09:00 in Los Angeles, a Tuesday
        List<ProductionCount> counts = plant.generate(conveyor, from, from.plus(Duration.ofHours(3))).production();
        // the hours that end in [from, to): at 16:00, 17:00 and 18:00 (19:00 is the span's exclusive end)
        assertEquals(List.of(from.minus(Duration.ofHours(1)), from, from.plus(Duration.ofHours(1))),
                counts.stream().map(ProductionCount::timestamp).toList());
        assertEquals(plant.production(conveyor, from), counts.get(1));
    }

    @Test
    void plantedIncidentsStay() {
        DemoPlant plant = new DemoPlant(42, ANCHOR);
        DemoPlant.Incident spike = plant.incidents().get(0);
        Machine compressor = DemoPlant.MACHINES.get(0);
        Reading during = plant.reading(compressor, spike.start().plusSeconds(600));
        Reading dayBefore = plant.reading(compressor, spike.start().plusSeconds(600).minus(Duration.ofDays(7)));
        assertTrue(during.powerKw() > 1.3 * dayBefore.powerKw() || dayBefore.powerKw() < 15,
                during.powerKw() + " vs " + dayBefore.powerKw());
        DemoPlant.Incident stuck = plant.incidents().get(2);
        Machine conveyor = DemoPlant.MACHINES.get(2);
        assertEquals(plant.reading(conveyor, stuck.start().plusSeconds(60)).powerKw(),
                plant.reading(conveyor, stuck.end().minusSeconds(60)).powerKw());
    }
}
