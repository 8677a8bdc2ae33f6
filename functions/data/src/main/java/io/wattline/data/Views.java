package io.wattline.data;

import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.Reading;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON bodies of the data plane, field for field as seed 001 names them (snake_case on the wire). */
final class Views {
    private Views() {}

    /**
     * {@code rated_power_kw} is a decimal string ("55.00"), as the seed's database returns it. {@code factory_timezone}
     * is the zone the factory's days, ToU bands and schedules are reckoned in (UTC when it names none the JDK
     * knows), so the dashboards can name the factory's today and tomorrow.
     */
    record MachineView(UUID id, UUID factoryId, String name, String type, String ratedPowerKw, boolean isActive,
                       String factoryName, String factoryLocation, String factoryTimezone) {
        static MachineView of(Machine m, Factory f) {
            return new MachineView(m.id(), m.factoryId(), m.name(), m.type(),
                    BigDecimal.valueOf(m.ratedPowerKw()).setScale(2, RoundingMode.HALF_UP).toPlainString(),
                    m.active(), f == null ? null : f.name(), f == null ? null : f.location(),
                    f == null ? null : f.zone().getId());
        }
    }

    record DataPoint(Instant timestamp, double value, String unit) {}

    /**
     * {@code timezone}: the zone whose calendar days the 1day buckets are (UTC unless asked); UTC for other intervals.
     * {@code note} (an extension): where the period holds no reading, that it is no data, not zero (the seed's client
     * sums the points, and read "used 0.00 kilowatt hours" for a meter that sent nothing); for SEC by day, that the day
     * of the hour in progress is per unit over the hours before it while that hour has no production count yet.
     */
    record Series(UUID machineId, String machineName, String metric, String interval, Instant startTime,
                  Instant endTime, List<DataPoint> dataPoints, int totalPoints, String aggregation, String timezone,
                  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String note) {
        static final String NO_READINGS = "No readings in this period: the machine's meter sent none (no data, not zero)";
        /** SEC has a point only where a bucket holds both energy and production: a metered machine that made nothing has none. */
        static final String NO_SEC = "No SEC in this period: no bucket held both readings and production (no data, not zero)";
    }

    record LatestReading(UUID machineId, String machineName, Instant timestamp, double powerKw, double energyKwh,
                         Double currentA, Double voltageV, Double powerFactor, Double frequencyHz,
                         Double temperatureC) {
        static LatestReading of(Machine m, Reading r) {
            return new LatestReading(m.id(), m.name(), r.timestamp(), r.powerKw(), r.energyKwh(), r.currentA(),
                    r.voltageV(), r.powerFactor(), r.frequencyHz(), r.temperatureC());
        }
    }

    /** {@code total_energy} is null for a machine without readings in the period (not 0 kWh). */
    record MachineSeries(UUID machineId, String machineName, Double totalEnergy, List<DataPoint> dataPoints, String timezone) {}

    record MultiMachine(Instant startTime, Instant endTime, String interval, List<MachineSeries> machines) {}

    record IngestResult(int accepted, int machines, Instant firstTimestamp, Instant lastTimestamp) {}

    record WeatherIngestResult(int accepted, int factories, Instant firstTimestamp, Instant lastTimestamp) {}

    record Triggered(boolean success, String jobId, String message) {}
}
