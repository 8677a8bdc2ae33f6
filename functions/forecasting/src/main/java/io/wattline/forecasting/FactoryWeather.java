package io.wattline.forecasting;

import io.wattline.analytics.forecast.TemperatureGuess;
import io.wattline.domain.DomainException;
import io.wattline.domain.Machine;
import io.wattline.domain.OutdoorTemperature;
import io.wattline.store.TelemetryStore;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A factory's outdoor temperatures as the decomposable model reads them: the record it is trained on, and the hours
 * ahead it forecasts from (ingested where a client posted them, guessed from the last week where not).
 */
final class FactoryWeather {
    /** The share of a history's hours that must have an outdoor temperature for the weather to be a regressor. */
    static final double MIN_COVERAGE = 0.9;

    private final TelemetryStore telemetry;

    FactoryWeather(TelemetryStore telemetry) {
        this.telemetry = telemetry;
    }

    /**
     * The factory's outdoor temperatures on an hourly grid from {@value TemperatureGuess#RECORD_DAYS} days before
     * {@code end} (or {@code firstHour}, if earlier) to {@code end}; null when it has none. Raw points, no roll-up: the
     * weather route takes only timestamps on a UTC hour, so a year is at most 8,784 items (one query, a few pages).
     */
    TemperatureGuess.Hourly record(Machine m, long firstHour, Instant end) {
        Instant from = Instant.ofEpochSecond(Math.min(firstHour, end.minus(Duration.ofDays(TemperatureGuess.RECORD_DAYS)).getEpochSecond()));
        List<OutdoorTemperature> stored = telemetry.outdoorTemperatures(m.factoryId(), from, end);
        if (stored.isEmpty()) return null;
        return TemperatureGuess.hourly(stored.stream().mapToLong(o -> o.timestamp().getEpochSecond()).toArray(),
                stored.stream().mapToDouble(OutdoorTemperature::temperatureC).toArray(), end.getEpochSecond());
    }

    /**
     * The temperature at each hour of the history from the record (an hour without one takes the nearest earlier,
     * else later, one), or null when fewer than {@link #MIN_COVERAGE} of the hours have one.
     */
    static double[] atHours(TemperatureGuess.Hourly record, long[] hours) {
        if (hours.length == 0 || record.t().length == 0) return null;
        double[] c = new double[hours.length];
        int seen = 0;
        for (int i = 0; i < hours.length; i++) {
            long k = Math.floorDiv(hours[i] - record.t()[0], 3600L);
            c[i] = k >= 0 && k < record.c().length ? record.c()[(int) k] : Double.NaN;
            if (!Double.isNaN(c[i])) seen++;
        }
        if (seen < MIN_COVERAGE * hours.length) return null;
        fillGaps(c);
        return c;
    }

    /** NaNs take the nearest earlier value, leading ones the first value. */
    private static void fillGaps(double[] c) {
        double last = Double.NaN;
        for (int i = 0; i < c.length; i++) {
            if (Double.isNaN(c[i])) c[i] = last;
            else last = c[i];
        }
        double first = Double.NaN;
        for (int i = c.length - 1; i >= 0; i--) {
            if (Double.isNaN(c[i])) c[i] = first;
            else first = c[i];
        }
    }

    /** The outdoor temperatures of hours ahead, and which of them are guessed. */
    record Temperatures(double[] celsius, boolean[] guessed) {}

    /**
     * The outdoor temperatures of the hours ahead: those ingested for these hours (a weather forecast a client stores
     * as outdoor temperatures), the rest guessed from the same hours of the last week ({@link TemperatureGuess}); null
     * when the factory has none for the last week or the hours ahead.
     */
    Temperatures ahead(Machine m, long[] ahead) {
        // from the UTC hour that holds the first (stored temperatures are on UTC hours)
        Instant first = Instant.ofEpochSecond(ahead[0] - Math.floorMod(ahead[0], 3600L)), end = Instant.ofEpochSecond(ahead[ahead.length - 1] + 3600);
        Map<Long, Double> forecast = new HashMap<>();
        for (OutdoorTemperature o : telemetry.outdoorTemperatures(m.factoryId(), first, end)) {
            forecast.put(o.timestamp().getEpochSecond() - Math.floorMod(o.timestamp().getEpochSecond(), 3600L), o.temperatureC());
        }
        List<OutdoorTemperature> past = telemetry.outdoorTemperatures(m.factoryId(),
                first.minus(Duration.ofDays(TemperatureGuess.DAYS)), first);
        double[] guess = TemperatureGuess.of(past.stream().mapToLong(o -> o.timestamp().getEpochSecond()).toArray(),
                past.stream().mapToDouble(OutdoorTemperature::temperatureC).toArray(), ahead);
        double[] c = new double[ahead.length];
        boolean[] guessed = new boolean[ahead.length];
        for (int i = 0; i < ahead.length; i++) {
            // the UTC hour that holds it: a local hour on the half hour (India, Adelaide) takes the temperature stored there
            Double f = forecast.get(ahead[i] - Math.floorMod(ahead[i], 3600L));
            c[i] = f != null ? f : guess[i];
            guessed[i] = f == null;
        }
        fillGaps(c);
        return Double.isNaN(c[0]) ? null : new Temperatures(c, guessed);
    }

    /** As {@link #ahead}, for a model that cannot forecast without them: a 400 when there are none. */
    Temperatures needed(Machine m, long[] ahead) {
        Temperatures c = ahead(m, ahead);
        if (c == null) {
            throw new DomainException.InvalidInput("This machine's prophet model forecasts from the outdoor temperature, and "
                    + "the factory has none for the last " + TemperatureGuess.DAYS + " days or the hours ahead: post them "
                    + "to POST /api/v1/weather, or train the model again with regressors 'none'");
        }
        return c;
    }
}
