package io.wattline.data;

import io.wattline.data.Views.DataPoint;
import io.wattline.domain.Interval;
import io.wattline.domain.Rollup;
import io.wattline.store.RangeRollups;
import io.wattline.store.TelemetryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Energy, power and SEC series of one machine. 1min and 5min buckets come from raw points; 15min,
 * 1hour and 1day from the roll-ups kept at ingest (raw points only for partial edge buckets).
 */
final class Timeseries {
    /** The metrics of {@code /timeseries/{metric}}: unit and aggregation as the seed reports them. */
    enum Metric {
        ENERGY("energy", "kWh", "sum"),
        POWER("power", "kW", "avg"),
        SEC("sec", "kWh/unit", "ratio");

        final String wire, unit, aggregation;

        Metric(String wire, String unit, String aggregation) {
            this.wire = wire;
            this.unit = unit;
            this.aggregation = aggregation;
        }

        /** The bucket's value, or NaN when the bucket has nothing to say (no readings; no production for SEC). */
        double value(Rollup r) {
            return switch (this) {
                case ENERGY -> r.samples() == 0 ? Double.NaN : r.energyKwh();
                case POWER -> r.powerAvg();
                case SEC -> r.samples() == 0 || r.production() == 0 ? Double.NaN : r.energyKwh() / r.production();
            };
        }
    }

    /** One response may carry at most this many buckets (Lambda's 6 MB response limit). */
    static final long MAX_POINTS = 50_000;

    private final RangeRollups rollups;

    Timeseries(TelemetryStore store) {
        this.rollups = new RangeRollups(store);
    }

    List<Rollup> buckets(UUID machineId, Interval interval, Instant from, Instant to) {
        return rollups.buckets(machineId, interval.length(), interval.rollup(), from, to);
    }

    /** Buckets without a value (no readings; for SEC no production) are left out rather than reported as 0. */
    static List<DataPoint> points(List<Rollup> buckets, Metric metric) {
        List<DataPoint> out = new ArrayList<>(buckets.size());
        for (Rollup r : buckets) {
            double v = metric.value(r);
            if (Double.isFinite(v)) out.add(new DataPoint(r.bucket(), round6(v), metric.unit));
        }
        return out;
    }

    static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
