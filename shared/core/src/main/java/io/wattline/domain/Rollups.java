package io.wattline.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The roll-up aggregation, defined once as a pure function of the points: a bucket is the
 * {@link Rollup#plus} of its readings and production counts, and a coarser bucket the sum of its finer
 * ones. Storage adapters must store exactly these aggregates (up to floating-point summation order);
 * tests and analytics build the same roll-ups from raw points with these functions, and the adapter
 * tests compare the stored roll-ups with them.
 *
 * <p>A point belongs to the UTC bucket that holds its timestamp ({@link Resolution#bucketOf}).
 */
public final class Rollups {
    private Rollups() {}

    /** The buckets of {@code resolution} that hold at least one point, in time order. */
    public static List<Rollup> aggregate(Resolution resolution, List<Reading> readings, List<ProductionCount> production) {
        return aggregate(resolution.length(), readings, production);
    }

    /** The same for UTC-aligned buckets of any length (the time series' 1min and 5min intervals). */
    public static List<Rollup> aggregate(java.time.Duration length, List<Reading> readings, List<ProductionCount> production) {
        long ms = length.toMillis();
        TreeMap<java.time.Instant, Rollup> buckets = new TreeMap<>();
        List<Reading> rs = new ArrayList<>(readings);
        rs.sort(Comparator.comparing(Reading::timestamp));
        for (Reading r : rs) {
            java.time.Instant b = bucketOf(r.timestamp(), ms);
            buckets.put(b, buckets.getOrDefault(b, Rollup.empty(b)).plus(r));
        }
        List<ProductionCount> ps = new ArrayList<>(production);
        ps.sort(Comparator.comparing(ProductionCount::timestamp));
        for (ProductionCount p : ps) {
            java.time.Instant b = bucketOf(p.timestamp(), ms);
            buckets.put(b, buckets.getOrDefault(b, Rollup.empty(b)).plus(p));
        }
        return List.copyOf(buckets.values());
    }

    private static java.time.Instant bucketOf(java.time.Instant t, long ms) {
        return java.time.Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
    }

    /** Coarser buckets from finer ones ({@code children} in time order, any finer resolution). */
    public static List<Rollup> coarsen(List<Rollup> children, Resolution parent) {
        TreeMap<java.time.Instant, Rollup> buckets = new TreeMap<>();
        for (Rollup c : children) {
            java.time.Instant b = parent.bucketOf(c.bucket());
            buckets.put(b, buckets.getOrDefault(b, Rollup.empty(b)).plus(c));
        }
        return List.copyOf(buckets.values());
    }
}
