package io.wattline.forecasting;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.wattline.analytics.forecast.Forecast;
import io.wattline.domain.Machine;
import io.wattline.store.ModelRegistry;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The JSON bodies of the forecasting context, field for field as seed 001 names them (snake_case on the wire),
 * plus additive fields (model version and structure, held-out coverage, the schedule's rates and reasons). kW and
 * kWh are rounded to 3 decimals on the wire, money to 2, metrics to 2. Hourly predictions are stamped at the end
 * of the hour they cover, as the seed's first stamp is an hour after {@code forecast_start}. Dates are ISO strings
 * (the mapper formats instants only).
 */
final class ForecastViews {
    private ForecastViews() {}

    static double r(double v, int decimals) {
        if (!Double.isFinite(v)) return v;
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    static Double rn(double v, int decimals) {
        return Double.isFinite(v) ? r(v, decimals) : null;
    }

    // ------------------------------------------------------------------ status

    /** The seed's trained, path and last_modified of the active version; (extensions) it and the versions kept. */
    record ModelState(boolean trained, String path, Instant lastModified,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Integer version,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String model,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Metrics metrics,
                      @JsonInclude(JsonInclude.Include.NON_NULL) List<KeptVersion> versions) {
        static ModelState of(UUID machine, String type, ForecastService svc) {
            ModelRegistry.Kept kept = svc.kept(machine, type);
            Optional<ModelRegistry.ModelVersion> v = kept.versions().stream().filter(kept::isActive).findFirst();
            if (v.isEmpty()) return new ModelState(false, null, null, null, null, null, null);
            ForecastMetadata m = v.get().metadata(ForecastMetadata.class);
            return new ModelState(true, svc.path(v.get()), v.get().trainedAt(), v.get().version(), m.structure(), Metrics.of(m),
                    kept.versions().stream().map(k -> KeptVersion.of(k, kept.isActive(k))).toList());
        }
    }

    /** A kept version, to choose one to make active ({@code PUT /api/v1/forecast/models/{machine_id}/activate}). */
    record KeptVersion(int version, Instant trainedAt, String model, Metrics metrics, boolean isActive) {
        static KeptVersion of(ModelRegistry.ModelVersion v, boolean active) {
            ForecastMetadata m = v.metadata(ForecastMetadata.class);
            return new KeptVersion(v.version(), v.trainedAt(), m.structure(), Metrics.of(m), active);
        }
    }

    record ModelStatus(String machineId, ModelState arima, ModelState prophet) {}

    // ------------------------------------------------------------------ training

    /** The seed's mape and rmse on the held-out tail, and (extensions) the WAPE and the hours MAPE counted (null for older models). */
    record Metrics(Double mape, Double rmse, Double intervalCoverage, int heldOutHours,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Double wape,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Integer mapeHours) {
        static Metrics of(ForecastMetadata m) {
            return new Metrics(rn(m.mape(), 2), rn(m.rmse(), 3), rn(m.intervalCoverage(), 3), m.heldOutHours(),
                    m.wape() == null ? null : rn(m.wape(), 2), m.mapeHours());
        }
    }

    /** {@code warning} (an extension): what {@code predict} would read out about this model's held-out hours. */
    record TrainReport(boolean success, String modelType, String machineId, int trainingSamples, String modelPath,
                       Metrics metrics, int modelVersion, String model, Instant dataStart, Instant dataEnd,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String warning) {
        static TrainReport of(Machine m, ForecastService.Trained t, String path) {
            ForecastMetadata meta = t.metadata();
            List<String> poor = Accuracy.poorly(meta);
            return new TrainReport(true, meta.modelType(), m.id().toString(), meta.trainingSamples(), path,
                    Metrics.of(meta), t.version().version(), meta.structure(), meta.dataStart(), meta.dataEnd(),
                    poor.isEmpty() ? null : "This model forecast its last " + meta.heldOutHours() + " training hours poorly ("
                            + String.join("; ", poor) + "): its forecasts will say so; more or more recent history, or the"
                            + " other model, may do better");
        }
    }

    // ------------------------------------------------------------------ forecasts

    /**
     * How the model that answered did on the hours it was trained without (its held-out tail), beside its forecast, the
     * end of the history it learnt from ({@code data_end}, an extension), and a {@code warning} to read out when the
     * forecast deserves caution: R² below 0 on the tail (no better than the tail's own mean), a 95 % interval that held
     * under 80 % of the tail's hours, or a history that ended over {@value #STALE_DAYS} days before the forecast was
     * made. MAPE alone warns of nothing: near-idle hours inflate it.
     */
    record Accuracy(Double mape, Double rmse, Double intervalCoverage, int heldOutHours, Double rSquared,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Double wape, Instant dataEnd,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String warning) {
        static final double LOW_COVERAGE = 0.8;
        /** A model whose history ended longer before its forecast than this may no longer know the machine's level. */
        static final int STALE_DAYS = 7;

        static Accuracy of(ForecastService.HourlyForecast hf) {
            return of(hf.version().metadata(ForecastMetadata.class), hf.modelAsked(), hf.byRecency(), hf.issued());
        }

        /** {@code modelAsked}, {@code byRecency}: as {@link ForecastService.HourlyForecast}'s; {@code issued}: when it was made. */
        static Accuracy of(ForecastMetadata m, boolean modelAsked, boolean byRecency, Instant issued) {
            List<String> cautions = new ArrayList<>();
            List<String> poor = poorly(m);
            if (!poor.isEmpty()) {
                cautions.add("This model forecast its last " + m.heldOutHours() + " training hours poorly ("
                        + String.join("; ", poor) + "): treat the figures with caution, retrain" + (modelAsked
                        ? " it, or ask without model_type for the default that did better"
                        : byRecency ? " it on more or more recent history (it is the default as the model trained on"
                        + " the more recent data)"
                        : " it on more or more recent history (no other trained model did better on those hours)"));
            }
            // by when the forecast is made, not the hour it starts: a day asked for a week ahead is no older model
            if (m.dataEnd() != null && m.dataEnd().plus(java.time.Duration.ofDays(STALE_DAYS)).isBefore(issued)) {
                long days = java.time.Duration.between(m.dataEnd(), issued).toDays();
                cautions.add("This model learnt from data up to " + io.wattline.http.Times.iso(m.dataEnd()) + ", " + days + " days before"
                        + " this forecast: the machine's level may have moved since; retrain it on recent history");
            }
            return of(m, cautions.isEmpty() ? null : String.join(". ", cautions));
        }

        static Accuracy of(ForecastMetadata m, String warning) {
            return new Accuracy(rn(m.mape(), 2), rn(m.rmse(), 3), rn(m.intervalCoverage(), 3), m.heldOutHours(),
                    m.rSquared() == null ? null : rn(m.rSquared(), 3), m.wape() == null ? null : rn(m.wape(), 2),
                    m.dataEnd(), warning);
        }

        /** What was poor on the held-out tail, in words (empty when nothing was). */
        static List<String> poorly(ForecastMetadata m) {
            List<String> poor = new ArrayList<>();
            if (m.rSquared() != null && m.rSquared() < 0) {
                poor.add("R² " + r(m.rSquared(), 2) + " on its held-out hours (no better than their mean)");
            }
            if (Double.isFinite(m.intervalCoverage()) && m.intervalCoverage() < LOW_COVERAGE) {
                poor.add("its 95 % interval held " + Math.round(100 * m.intervalCoverage()) + " % of them");
            }
            return poor;
        }
    }

    record EnergyPoint(Instant timestamp, double predictedEnergy, double lowerBound, double upperBound, double confidence) {}

    record PowerPoint(Instant timestamp, double predictedPower, double lowerBound, double upperBound, double confidence) {}

    /**
     * {@code date} and {@code timezone}: the factory's local day asked for, and its zone (only with {@code date}: the
     * points are stamped in UTC, and a day's first hour is not midnight UTC).
     */
    record EnergyForecast(String machineId, String machineName, String modelType, Instant forecastStart,
                          Instant forecastEnd, List<EnergyPoint> predictions, double totalPredictedEnergy, String unit,
                          int modelVersion, Accuracy accuracy, @JsonInclude(JsonInclude.Include.NON_NULL) String date,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String timezone,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
        static EnergyForecast of(Machine m, ForecastService.HourlyForecast hf) {
            return of(m, hf, null, null, null);
        }

        /** @param hoursAsked forecast_hours as sent beside {@code date} (null: not sent), which the day's own hours replace */
        static EnergyForecast of(Machine m, ForecastService.HourlyForecast hf, java.time.LocalDate date, java.time.ZoneId zone,
                                 Integer hoursAsked) {
            Forecast f = hf.forecast();
            List<EnergyPoint> points = new ArrayList<>();
            double total = 0;
            for (int i = 0; i < f.steps(); i++) {
                // an hour's mean power in kW is its energy in kWh
                points.add(new EnergyPoint(hf.hourStart(i + 1), r(f.mean()[i], 3), r(f.lower()[i], 3), r(f.upper()[i], 3),
                        f.confidence()));
                total += f.mean()[i];
            }
            // today asked for: only the hours to come, which a total read out as "today's energy" must say; the hour in
            // progress is forecast whole, and its minutes so far are measured too (so far + forecast counted them twice)
            String note = null;
            if (date != null && hf.start().isAfter(date.atStartOfDay(zone).toInstant())) {
                note = "Only the " + f.steps() + " hours of " + date + " still to come, from "
                        + hf.start().atZone(zone).toLocalTime() + " local time, the hour in progress whole:"
                        + " total_predicted_energy covers these; the day's earlier hours are in the time series, and so are"
                        + " the minutes of the hour in progress so far (add only the earlier hours to this total)";
            }
            // 5 hours of tomorrow asked for: the day's 24 came back without a word
            if (date != null && hoursAsked != null && hoursAsked != f.steps()) {
                note = (note == null ? "" : note + ". ") + "forecast_hours (" + hoursAsked + ") is not used with date: the"
                        + " answer is the local day's " + f.steps() + " hours";
            }
            return new EnergyForecast(m.id().toString(), m.name(), hf.modelType(), hf.start(), hf.hourStart(f.steps()),
                    points, r(total, 3), "kWh", hf.version().version(), Accuracy.of(hf),
                    date == null ? null : date.toString(), date == null ? null : zone.getId(), note);
        }
    }

    record DemandForecast(String machineId, String machineName, String modelType, String unit, Instant forecastStart,
                          Instant forecastEnd, List<PowerPoint> predictions, int modelVersion, Accuracy accuracy) {
        static DemandForecast of(Machine m, ForecastService.HourlyForecast hf) {
            Forecast f = hf.forecast();
            List<PowerPoint> points = new ArrayList<>();
            for (int i = 0; i < f.steps(); i++) {
                points.add(new PowerPoint(hf.hourStart(i + 1), r(f.mean()[i], 3), r(f.lower()[i], 3), r(f.upper()[i], 3),
                        f.confidence()));
            }
            return new DemandForecast(m.id().toString(), m.name(), hf.modelType(), "kW", hf.start(), hf.hourStart(f.steps()),
                    points, hf.version().version(), Accuracy.of(hf));
        }
    }

    /**
     * {@code demand15MinKw} (an extension): the highest 15-minute mean the peak hour is expected to hold, as demand
     * charges bill it (the hour's mean times the machine's usual quarter-to-hour peak ratio); null without the history.
     */
    record PredictedPeak(double value, String unit, Instant timestamp, String localTime, String timezone, String note,
                         @com.fasterxml.jackson.annotation.JsonProperty("demand_15min_kw") Double demand15MinKw) {}

    record PeakForecast(String machineId, String date, PredictedPeak predictedPeak, String modelType, int hoursForecast) {
        static PeakForecast of(Machine m, ForecastService.Peak p) {
            // the middle of the peak hour, as the seed's 14:30
            Instant mid = p.hourStart().plusSeconds(1800);
            var local = mid.atZone(p.zone());
            String note = "date and local_time are the factory's local time; timestamp is UTC, the middle of the peak hour;"
                    + " the value is the hour's mean power (KPI peak_demand, the highest 15-minute mean, reads higher"
                    + (p.measured() && p.demand15Kw() != null ? "; demand_15min_kw is the hour's highest quarter hour, measured)"
                    : p.quartersMeasured() > 0 ? "; demand_15min_kw is the highest of its quarter hours so far, measured, or"
                    + " the estimate for the rest of it where that is higher)"
                    : p.quarterRatio() == null ? ")" : String.format(java.util.Locale.ROOT, "; demand_15min_kw estimates it:"
                    + " the hour's mean times %.3f, the median ratio of this machine's daily 15-minute peak to its hourly peak"
                    + " over the last %d days)", p.quarterRatio(), ForecastService.QUARTER_RATIO_DAYS))
                    + (p.measured() ? "; the peak is an hour of today that is over, as measured (the hours to come are"
                    + " forecast lower)" : "")
                    + (p.quartersMeasured() > 0 ? "; the peak is the hour in progress: its " + p.quartersMeasured()
                    + " quarter hour(s) that are over as measured, the rest of it forecast" : "");
            return new PeakForecast(m.id().toString(), p.date().toString(), new PredictedPeak(r(p.kw(), 3), "kW", mid,
                    local.toLocalTime().toString(), p.zone().getId(), note, p.demand15Kw() == null ? null : r(p.demand15Kw(), 3)),
                    p.modelType(), p.hoursForecast());
        }
    }

    // ------------------------------------------------------------------ schedule

    record ScheduleHour(int hour, boolean operate, @JsonInclude(JsonInclude.Include.NON_NULL) Double expectedPower,
                        String reason, Instant start, String localTime, String utcOffset, double rate, String band) {
        static ScheduleHour of(SchedulePlanner.ScheduledHour h) {
            return new ScheduleHour(h.localHour(), h.operate(), h.expectedPower() == null ? null : r(h.expectedPower(), 3),
                    h.reason(), h.start(), h.localTime(), h.utcOffset(), h.rate(), h.band());
        }
    }

    record ScheduleReport(String machineId, String date, List<ScheduleHour> schedule, double estimatedCost,
                          double estimatedEnergy, double costSavings, String currency, String timezone, String modelType,
                          Double productionPerHour, int hoursNeeded, int hoursScheduled, double demandCharge,
                          double monthPeakKw, List<Integer> usualHours, double usualCost) {
        /** Planned for operating hours, a schedule has no production rate to report. */
        static ScheduleReport of(Machine m, SchedulePlanner.Schedule s) {
            int scheduled = (int) s.hours().stream().filter(SchedulePlanner.ScheduledHour::operate).count();
            return new ScheduleReport(m.id().toString(), s.date().toString(), s.hours().stream().map(ScheduleHour::of).toList(),
                    r(s.estimatedCost(), 2), r(s.estimatedEnergy(), 3), r(s.costSavings(), 2), s.currency(),
                    s.zone().getId(), s.modelType(), s.byHours() ? null : r(s.unitsPerHour(), 3), s.hoursNeeded(), scheduled,
                    r(s.demandCharge(), 2), r(s.monthPeakKw(), 3), s.usualHours(), r(s.usualCost(), 2));
        }
    }
}
