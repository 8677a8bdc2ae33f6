package io.wattline.domain;

import java.time.Instant;

/**
 * Aggregates of one UTC bucket: energy sum, power sum/max over {@code samples} readings, and
 * production. Roll-ups combine: a coarser bucket is the {@link #plus} of its finer ones.
 */
public record Rollup(Instant bucket, double energyKwh, double powerSum, double powerMax, long samples,
                     long production, long bad) {

    public static Rollup empty(Instant bucket) {
        return new Rollup(bucket, 0, 0, Double.NEGATIVE_INFINITY, 0, 0, 0);
    }

    public Rollup plus(Rollup o) {
        return new Rollup(bucket, energyKwh + o.energyKwh, powerSum + o.powerSum, Math.max(powerMax, o.powerMax),
                samples + o.samples, production + o.production, bad + o.bad);
    }

    public Rollup plus(Reading r) {
        return new Rollup(bucket, energyKwh + r.energyKwh(), powerSum + r.powerKw(), Math.max(powerMax, r.powerKw()),
                samples + 1, production, bad);
    }

    public Rollup plus(ProductionCount p) {
        return new Rollup(bucket, energyKwh, powerSum, powerMax, samples, production + p.productionCount(),
                bad + p.badCount());
    }

    public Rollup at(Instant newBucket) {
        return new Rollup(newBucket, energyKwh, powerSum, powerMax, samples, production, bad);
    }

    /** Mean power of the readings, or NaN when there are none. */
    public double powerAvg() {
        return samples == 0 ? Double.NaN : powerSum / samples;
    }

    public boolean isEmpty() {
        return samples == 0 && production == 0 && bad == 0;
    }
}
