package io.wattline.analytics.kpi;

import io.wattline.domain.Rollup;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The additive aggregates of a span of time that every KPI derives from. Spans combine with
 * {@link #plus}: a period's totals are the sum of its day snapshots, its 15-minute roll-ups and its
 * partial edge quarters, in any grouping.
 *
 * @param energyKwh  energy of the readings in the span
 * @param powerSum   sum of the readings' power, kW
 * @param samples    number of readings
 * @param production good units
 * @param bad        rejected units
 * @param energyCost Σ energy × the rate in force at each 15-minute bucket's local time (0 without a tariff)
 * @param bands      energy and cost per tariff band (window name, or {@link TouSchedule#BASE_BAND})
 * @param peakKw     the highest 15-minute mean power, or -∞ when the span has no reading
 * @param peakAt     start of that 15-minute bucket (clamped to the period start for a cut edge bucket)
 */
public record KpiTotals(double energyKwh, double powerSum, long samples, long production, long bad,
                        double energyCost, Map<String, Band> bands, double peakKw, Instant peakAt) {

    /** Energy and cost billed in one tariff band. */
    public record Band(double energyKwh, double cost) {
        Band plus(Band o) {
            return new Band(energyKwh + o.energyKwh, cost + o.cost);
        }
    }

    public static final KpiTotals EMPTY = new KpiTotals(0, 0, 0, 0, 0, 0, Map.of(), Double.NEGATIVE_INFINITY, null);

    public KpiTotals {
        bands = Collections.unmodifiableMap(new TreeMap<>(bands));
    }

    /**
     * One 15-minute bucket (or a cut edge of one) priced with {@code tou} at the bucket's start.
     * {@code tou} may be null (no tariff): cost 0, no bands.
     */
    public static KpiTotals ofBucket(Rollup bucket, TouSchedule tou) {
        return ofBucket(bucket, tou, true);
    }

    /**
     * {@code demandInterval}: whether the bucket is a 15-minute demand interval whose mean power may be the peak
     * ({@link PeriodReader#demandInterval}); one that is not counts toward the totals only (one reading of 600 kW in a
     * period's last minute was its "15-minute" peak, and a longer period paid less demand charge).
     */
    public static KpiTotals ofBucket(Rollup bucket, TouSchedule tou, boolean demandInterval) {
        double cost = 0;
        Map<String, Band> bands = Map.of();
        if (tou != null && bucket.energyKwh() != 0) {
            TouSchedule.Rate rate = tou.at(bucket.bucket());
            cost = bucket.energyKwh() * rate.rate();
            bands = Map.of(rate.band(), new Band(bucket.energyKwh(), cost));
        }
        boolean metered = bucket.samples() > 0;
        boolean peak = metered && demandInterval;
        return new KpiTotals(bucket.energyKwh(), bucket.powerSum(), bucket.samples(), bucket.production(),
                bucket.bad(), cost, bands, peak ? bucket.powerAvg() : Double.NEGATIVE_INFINITY,
                peak ? bucket.bucket() : null);
    }

    /** Whether the span holds any reading or production count. */
    public boolean hasData() {
        return samples > 0 || production > 0 || bad > 0;
    }

    /** Mean power of the readings, or NaN without readings. */
    public double avgPowerKw() {
        return samples == 0 ? Double.NaN : powerSum / samples;
    }

    public KpiTotals plus(KpiTotals o) {
        return new Accumulator().add(this).add(o).totals();
    }

    /** A mutable sum of spans, for adding many buckets without a map per step. */
    public static final class Accumulator {
        private double energy, powerSum, cost;
        private long samples, production, bad;
        private final Map<String, Band> bands = new LinkedHashMap<>();
        private double peak = Double.NEGATIVE_INFINITY;
        private Instant peakAt;

        /** Adds a bucket priced with {@code tou} (nullable). */
        public Accumulator add(Rollup bucket, TouSchedule tou) {
            return add(ofBucket(bucket, tou));
        }

        public Accumulator add(KpiTotals t) {
            energy += t.energyKwh;
            powerSum += t.powerSum;
            samples += t.samples;
            production += t.production;
            bad += t.bad;
            cost += t.energyCost;
            t.bands.forEach((k, v) -> bands.merge(k, v, Band::plus));
            if (t.peakAt != null && (t.peakKw > peak || (t.peakKw == peak && t.peakAt.isBefore(peakAt)))) {
                peak = t.peakKw;
                peakAt = t.peakAt;
            }
            return this;
        }

        /** Units counted more (or, negative, fewer): a partial hour's share of its count in place of its count. */
        public Accumulator addUnits(long good, long badUnits) {
            production += good;
            bad += badUnits;
            return this;
        }

        public KpiTotals totals() {
            return new KpiTotals(energy, powerSum, samples, production, bad, cost, bands, peak, peakAt);
        }
    }
}
